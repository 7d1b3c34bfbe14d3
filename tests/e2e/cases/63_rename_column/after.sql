CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    full_name text
);
CREATE INDEX users_fullname_idx ON users (full_name);
