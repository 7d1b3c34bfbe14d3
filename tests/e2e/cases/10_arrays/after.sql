CREATE TABLE posts (
    id integer PRIMARY KEY,
    tags text[] NOT NULL DEFAULT '{}',
    scores integer[],
    grid integer[][],
    codes varchar(10)[],
    stamps timestamp with time zone[],
    ids uuid[],
    prices numeric(8,2)[]
);
