CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, first text, last text, data jsonb, created timestamptz);
