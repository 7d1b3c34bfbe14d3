CREATE TABLE things (id integer PRIMARY KEY, doc jsonb, tags text[], body tsvector, happened timestamptz, token text, location point, period tstzrange);
CREATE INDEX things_doc_idx ON things USING gin (doc);
CREATE INDEX things_doc_path_idx ON things USING gin (doc jsonb_path_ops);
CREATE INDEX things_tags_idx ON things USING gin (tags);
CREATE INDEX things_body_idx ON things USING gist (body);
CREATE INDEX things_happened_idx ON things USING brin (happened) WITH (pages_per_range = 32);
CREATE INDEX things_token_idx ON things USING hash (token);
CREATE INDEX things_location_idx ON things USING gist (location);
CREATE INDEX things_period_idx ON things USING spgist (period);
