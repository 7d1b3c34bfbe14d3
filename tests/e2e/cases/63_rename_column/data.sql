INSERT INTO users VALUES (1, 'ada@example.org', 'Ada Lovelace'), (2, 'alan@example.org', NULL);
