INSERT INTO imports VALUES (1, '42', 'true', '2000-02-29', 7, '{"k": [1]}'), (2, NULL, 'f', NULL, NULL, 'null');
