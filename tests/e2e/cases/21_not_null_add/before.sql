CREATE TABLE accounts (
    id integer PRIMARY KEY,
    email text,
    display_name text,
    created date
);
