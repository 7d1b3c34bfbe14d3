INSERT INTO paints VALUES (1, 'blue', '{red,green}'), (2, 'red', NULL), (3, 'green', '{}');
