INSERT INTO tasks VALUES (1, 'done'), (2, 'todo'), (3, 'doing');
