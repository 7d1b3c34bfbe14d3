CREATE TABLE products (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL CONSTRAINT price_positive CHECK (price >= 0.01),
    stock integer NOT NULL CHECK (stock >= 0),
    discount numeric(3,2) CHECK (discount BETWEEN 0 AND 1),
    CONSTRAINT discount_below_price CHECK (discount IS NULL OR discount * 100 < price),
    CONSTRAINT name_like CHECK (id::text ~ '^[0-9]+$')
);
