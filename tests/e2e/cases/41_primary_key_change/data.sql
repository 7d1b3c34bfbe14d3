INSERT INTO members VALUES (1, 'acme', 'wile'), (2, 'acme', 'road'), (3, 'globex', 'wile');
INSERT INTO named_pk VALUES (1, 10), (2, 20);
