CREATE SCHEMA shop;
CREATE TABLE shop.item (
    id integer PRIMARY KEY,
    cost numeric(8,2) CONSTRAINT item_cost_check CHECK (cost >= 0),
    label text
);
CREATE TABLE shop.stock (item_id integer NOT NULL REFERENCES shop.item, qty integer NOT NULL DEFAULT 0);
