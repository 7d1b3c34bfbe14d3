SELECT id, status FROM runs ORDER BY status, id;
