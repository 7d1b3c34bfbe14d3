SELECT id, name FROM legacy ORDER BY id;
SELECT name, seq IS NOT NULL FROM fresh ORDER BY name;
