INSERT INTO t (a, b, c) VALUES (1, 'one', '2020-01-01');
