SELECT o.id, c.name FROM orders o LEFT JOIN clients c ON c.id = o.customer_id ORDER BY o.id;
SELECT id, name FROM clients ORDER BY id;
