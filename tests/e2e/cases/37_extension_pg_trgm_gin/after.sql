CREATE EXTENSION pg_trgm;
CREATE TABLE articles (id integer PRIMARY KEY, title text NOT NULL);
CREATE INDEX articles_title_trgm_idx ON articles USING gin (title gin_trgm_ops);
CREATE INDEX articles_title_gist_idx ON articles USING gist (title gist_trgm_ops);
