INSERT INTO runs VALUES (1, 'running'), (2, 'pending');
