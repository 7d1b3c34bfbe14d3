INSERT INTO countries VALUES ('FR');
INSERT INTO cities VALUES (1, 'Paris'), (2, 'Lyon');
