SELECT id, name IS NULL, active FROM crews ORDER BY id;
