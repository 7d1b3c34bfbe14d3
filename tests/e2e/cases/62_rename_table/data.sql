INSERT INTO customer VALUES (1, 'Initech'), (2, 'Umbrella');
INSERT INTO orders VALUES (10, 2), (11, NULL);
