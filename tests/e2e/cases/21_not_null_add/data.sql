INSERT INTO accounts VALUES (1, 'a@example.org', 'A', NULL), (2, 'b@example.org', 'B', '2023-05-01');
