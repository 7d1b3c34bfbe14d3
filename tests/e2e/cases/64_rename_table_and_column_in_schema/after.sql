CREATE SCHEMA shop;
CREATE TABLE shop.products (
    id integer PRIMARY KEY,
    price numeric(8,2) CONSTRAINT item_cost_check CHECK (price >= 0),
    label text
);
CREATE TABLE shop.stock (
    product_id integer NOT NULL CONSTRAINT stock_item_id_fkey REFERENCES shop.products,
    qty integer NOT NULL DEFAULT 0
);
