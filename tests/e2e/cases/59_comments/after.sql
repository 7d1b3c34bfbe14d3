CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the application';
CREATE TYPE app.kind AS ENUM ('a', 'b');
COMMENT ON TYPE app.kind IS 'kinds of item';
CREATE SEQUENCE app.counter;
COMMENT ON SEQUENCE app.counter IS 'counts things';
CREATE TABLE app.items (id integer PRIMARY KEY, name text, k app.kind, CONSTRAINT items_name_check CHECK (name <> ''));
CREATE INDEX items_name_idx ON app.items (name);
COMMENT ON TABLE app.items IS 'Items for sale. It''s "quoted" & <escaped>
and on two lines';
COMMENT ON COLUMN app.items.name IS 'display name';
COMMENT ON COLUMN app.items.k IS 'ünïcödé ✓';
COMMENT ON INDEX app.items_name_idx IS 'lookup by name';
COMMENT ON CONSTRAINT items_name_check ON app.items IS 'no empty names';
