CREATE EXTENSION citext;
CREATE TABLE members (
    id integer PRIMARY KEY,
    email citext NOT NULL UNIQUE,
    nick citext
);
