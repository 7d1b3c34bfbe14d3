CREATE TABLE users (
    id integer PRIMARY KEY,
    email text,
    tenant integer,
    handle text,
    old_code text UNIQUE
);
