CREATE TABLE imports (
    id integer PRIMARY KEY,
    amount integer,
    flag boolean,
    born date,
    code text,
    payload jsonb
);
