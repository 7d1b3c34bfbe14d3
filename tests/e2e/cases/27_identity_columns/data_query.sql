SELECT name, id IS NOT NULL FROM widgets ORDER BY name;
INSERT INTO gadgets (label) VALUES ('first'), ('second');
SELECT id, label FROM gadgets ORDER BY id;
