-- views and functions are not managed: a migration must leave them alone
CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10,2) NOT NULL, note text, placed date DEFAULT CURRENT_DATE);
CREATE INDEX orders_placed_idx ON orders (placed);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders';
