CREATE TABLE people (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,
    age smallint,
    active boolean NOT NULL DEFAULT true
);
