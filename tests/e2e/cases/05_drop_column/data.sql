INSERT INTO items VALUES (10, 'A-10', 'X', true), (20, 'B-20', NULL, false);
