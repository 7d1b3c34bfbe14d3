-- PostgreSQL cannot change the type of a column a generated column uses
CREATE TABLE lines (
    id integer PRIMARY KEY,
    price numeric(12,2) NOT NULL,
    qty bigint NOT NULL,
    total numeric GENERATED ALWAYS AS (price * qty) STORED
);
