SELECT id, email, full_name FROM users ORDER BY id;
