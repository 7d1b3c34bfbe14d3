SELECT id, email, tenant, handle FROM users ORDER BY id;
