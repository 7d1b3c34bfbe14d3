INSERT INTO metrics VALUES (1, 2147483647, -32768, 'ABCDE', 999.99, 'ab', '2021-06-01 12:00:00', 0.25),
                           (2, 0, NULL, 'x', NULL, NULL, NULL, NULL);
INSERT INTO metric_refs VALUES (1), (2), (NULL);
