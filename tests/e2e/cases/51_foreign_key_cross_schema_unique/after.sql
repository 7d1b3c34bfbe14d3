CREATE SCHEMA crm;
CREATE TABLE crm.customers (id integer PRIMARY KEY, code varchar(12) NOT NULL UNIQUE);
CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_code varchar(12) REFERENCES crm.customers (code) ON UPDATE CASCADE
);
CREATE TABLE crm.notes (id integer PRIMARY KEY, order_id integer REFERENCES public.orders);
