SELECT id, state FROM tasks ORDER BY state;
