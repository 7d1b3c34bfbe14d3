INSERT INTO docs VALUES (1, 'retired'), (2, 'live');
