CREATE TABLE items (
    id integer PRIMARY KEY,
    sku text NOT NULL
);
