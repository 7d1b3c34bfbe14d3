INSERT INTO names VALUES (1, 'b', 'x', 'y'), (2, 'B', 'X', 'Y'), (3, 'a', NULL, NULL);
