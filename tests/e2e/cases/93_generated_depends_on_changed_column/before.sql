CREATE TABLE lines (
    id integer PRIMARY KEY,
    price numeric(6,2) NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (price * qty) STORED
);
