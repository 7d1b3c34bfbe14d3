INSERT INTO tenants VALUES (1);
INSERT INTO projects VALUES (1, 1, 'p'), (1, 2, 'q');
INSERT INTO tasks VALUES (1, 1, 1), (1, 2, 2);
