INSERT INTO ops.tasks VALUES (1, 'new', '{}'), (2, 'done', '{new,old}'), (3, 'old', NULL);
INSERT INTO ops.archive VALUES (1, 'done'), (2, NULL);
