INSERT INTO codes VALUES (1, 'a', 'x'), (2, 'b', NULL), (3, NULL, NULL);
