INSERT INTO invoices (customer) VALUES ('new customer'), ('newer customer');
SELECT number, customer FROM invoices ORDER BY number;
