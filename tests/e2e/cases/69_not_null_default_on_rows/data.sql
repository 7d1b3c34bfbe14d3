INSERT INTO accounts VALUES (1, 'one', 'has notes'), (2, 'two', NULL), (3, 'three', '');
