INSERT INTO log_lines VALUES (1, 'error'), (2, 'debug'), (3, 'warning');
