INSERT INTO lines (id, price, qty) VALUES (1, 9.99, 3), (2, 1000.00, 2);
