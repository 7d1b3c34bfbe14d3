SELECT id, title, state, prio FROM tickets ORDER BY id;
