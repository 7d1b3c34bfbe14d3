CREATE TABLE things (id integer PRIMARY KEY, doc jsonb, tags text[], body tsvector, happened timestamptz, token text, location point, period tstzrange);
