SELECT id, email, display_name, created FROM accounts ORDER BY id;
