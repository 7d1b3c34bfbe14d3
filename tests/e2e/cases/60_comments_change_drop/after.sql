CREATE SCHEMA app;
CREATE TYPE app.kind AS ENUM ('a', 'b');
COMMENT ON TYPE app.kind IS 'kinds of items, changed';
CREATE SEQUENCE app.counter;
CREATE TABLE app.items (id integer PRIMARY KEY, name text, k app.kind, CONSTRAINT items_name_check CHECK (name <> ''));
COMMENT ON TABLE app.items IS 'items';
COMMENT ON COLUMN app.items.id IS 'the key';
CREATE INDEX items_name_idx ON app.items (name);
