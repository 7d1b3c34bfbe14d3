CREATE TABLE documents (
    id integer PRIMARY KEY,
    body json NOT NULL,
    meta json
);
