INSERT INTO orders (id, customer) VALUES (2, 'globex');
SELECT id, customer, shipped_at IS NULL, note FROM orders ORDER BY id;
