CREATE TABLE users (
    id integer PRIMARY KEY,
    mail text NOT NULL UNIQUE,
    fullname text
);
CREATE INDEX users_fullname_idx ON users (fullname);
