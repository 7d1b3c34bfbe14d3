INSERT INTO authors VALUES (1, 'Le Guin');
INSERT INTO books VALUES (1, 'The Dispossessed', 1), (2, 'Anonymous', NULL);
