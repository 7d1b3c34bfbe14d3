SELECT id, a IS NOT NULL, b IS NOT NULL, c IS NOT NULL, f > a, g FROM stamps;
