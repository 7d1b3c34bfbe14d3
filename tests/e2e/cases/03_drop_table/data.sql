INSERT INTO keep_me VALUES (1, 'one'), (2, 'two');
INSERT INTO drop_me VALUES (1, 'gone');
