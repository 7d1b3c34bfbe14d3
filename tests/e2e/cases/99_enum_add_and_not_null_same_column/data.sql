INSERT INTO people VALUES (1, 'busy'), (2, 'calm');
