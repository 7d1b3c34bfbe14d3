INSERT INTO events VALUES (1, 'a', now(), 1), (2, 'b', now(), 2), (3, 'a', NULL, NULL);
