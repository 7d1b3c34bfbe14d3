CREATE SCHEMA app;
CREATE TYPE app.kind AS ENUM ('a', 'b');
CREATE SEQUENCE app.counter;
CREATE TABLE app.items (id integer PRIMARY KEY, name text, k app.kind, CONSTRAINT items_name_check CHECK (name <> ''));
CREATE INDEX items_name_idx ON app.items (name);
