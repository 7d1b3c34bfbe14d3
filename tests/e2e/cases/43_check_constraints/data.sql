INSERT INTO products VALUES (1, 10.00, 5, 0.05), (2, 99.99, 0, NULL);
