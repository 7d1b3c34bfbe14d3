INSERT INTO members VALUES (1, 'Ada@Example.org'), (2, 'bob@example.org');
