CREATE TABLE documents (
    id integer PRIMARY KEY,
    body jsonb NOT NULL,
    meta json,
    extra jsonb NOT NULL DEFAULT '{}'::jsonb,
    tags jsonb DEFAULT '[]'
);
