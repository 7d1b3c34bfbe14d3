INSERT INTO users VALUES (1, 'a@x', 1, 'a', 'c1'), (2, 'b@x', 1, 'b', 'c1x'), (3, NULL, 2, 'a', NULL);
