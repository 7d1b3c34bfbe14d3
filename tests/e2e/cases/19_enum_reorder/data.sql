INSERT INTO shirts VALUES (1, 'large'), (2, 'small'), (3, 'medium'), (4, NULL);
