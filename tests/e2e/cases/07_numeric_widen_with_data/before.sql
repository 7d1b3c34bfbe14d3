CREATE TABLE prices (
    id integer PRIMARY KEY,
    amount numeric(6,2) NOT NULL,
    qty smallint NOT NULL,
    total integer,
    weight real
);
