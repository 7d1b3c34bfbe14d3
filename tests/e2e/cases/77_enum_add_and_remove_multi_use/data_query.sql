SELECT id, st, history FROM ops.tasks ORDER BY st, id;
SELECT id, st FROM ops.archive ORDER BY id;
