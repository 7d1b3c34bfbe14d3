CREATE TABLE imports (
    id integer PRIMARY KEY,
    amount text,
    flag text,
    born varchar(10),
    code integer,
    payload text
);
