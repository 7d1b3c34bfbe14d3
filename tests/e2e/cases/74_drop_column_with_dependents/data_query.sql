SELECT id, name FROM shops ORDER BY id;
