UPDATE cities SET country = 'FR', population = 2100000 WHERE id = 1;
SELECT id, name, country, population FROM cities ORDER BY id;
