INSERT INTO parents VALUES (0, 'zero'), (1, 'one'), (2, 'two');
INSERT INTO children VALUES (10, 1, 2, 2, 'one', NULL);
