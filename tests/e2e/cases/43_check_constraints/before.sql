CREATE TABLE products (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL CONSTRAINT price_positive CHECK (price > 0),
    stock integer NOT NULL CHECK (stock >= 0),
    discount numeric(3,2),
    CONSTRAINT old_rule CHECK (id < 1000000)
);
