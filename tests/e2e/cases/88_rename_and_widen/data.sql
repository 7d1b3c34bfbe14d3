INSERT INTO visits VALUES (1, 32767, '/index.html'), (2, 0, '/about');
