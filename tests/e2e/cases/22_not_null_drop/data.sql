INSERT INTO orders VALUES (1, 'acme', '2024-01-02 03:04:05+00', 'rush');
