SELECT id, room, starts FROM slots ORDER BY id;
