INSERT INTO readings VALUES (1, '2024-01-01 00:00+00', 1.0), (1, '2024-01-01 00:01+00', 2.0);
INSERT INTO loose VALUES ('a'), ('b');
