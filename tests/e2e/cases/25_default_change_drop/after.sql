CREATE TABLE jobs (
    id integer PRIMARY KEY,
    attempts integer NOT NULL DEFAULT 1,
    queue text,
    priority smallint DEFAULT 10,
    created timestamptz DEFAULT CURRENT_TIMESTAMP
);
