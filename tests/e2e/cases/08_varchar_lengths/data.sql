INSERT INTO contacts VALUES (1, 'AB', 'Grace Hopper', 'admiral', 'Arlington'), (2, 'XYZ', 'Linus', NULL, NULL);
