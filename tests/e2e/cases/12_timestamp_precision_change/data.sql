INSERT INTO audit_log VALUES (1, '2020-01-01 00:00:01', 'first'), (2, '1999-12-31 23:59:59', NULL);
