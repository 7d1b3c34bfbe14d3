INSERT INTO posts VALUES (1, ARRAY['a', 'b c']), (2, '{}');
