INSERT INTO nodes VALUES (1, 2);
INSERT INTO nodes VALUES (2, 1);
SELECT count(*) FROM nodes;
