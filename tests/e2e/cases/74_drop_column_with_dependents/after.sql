CREATE TABLE regions (code text PRIMARY KEY);
CREATE TABLE shops (
    id integer PRIMARY KEY,
    name text NOT NULL
);
