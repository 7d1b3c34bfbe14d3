INSERT INTO documents VALUES (1, '{"b": 2, "a": 1}', '{"x": [1, 2]}'), (2, '[true, null]', NULL);
