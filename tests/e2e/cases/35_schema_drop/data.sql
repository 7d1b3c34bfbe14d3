INSERT INTO legacy.things VALUES (1, 'ok');
INSERT INTO legacy.parts VALUES (1, 1);
INSERT INTO stays VALUES (42);
