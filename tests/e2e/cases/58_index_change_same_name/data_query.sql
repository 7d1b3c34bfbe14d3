SELECT id, kind, actor FROM events ORDER BY id;
