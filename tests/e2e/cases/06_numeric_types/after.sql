CREATE TABLE measurements (
    id bigint PRIMARY KEY,
    small smallint,
    normal integer,
    big bigint,
    price numeric(10,2),
    ratio numeric(5,4),
    exact numeric,
    scaled numeric(18,0),
    approx real,
    precise double precision,
    cost money
);
