SELECT id, name, email IS NULL, age IS NULL, active FROM people ORDER BY id;
