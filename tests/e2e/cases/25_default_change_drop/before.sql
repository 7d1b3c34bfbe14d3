CREATE TABLE jobs (
    id integer PRIMARY KEY,
    attempts integer NOT NULL DEFAULT 0,
    queue text DEFAULT 'default',
    priority smallint DEFAULT 5,
    created timestamptz DEFAULT now()
);
