SELECT id, label FROM keep_me ORDER BY id;
