INSERT INTO parents VALUES (1, 'p1'), (2, 'p2');
INSERT INTO children VALUES (10, 1, 'p1'), (11, 2, NULL);
