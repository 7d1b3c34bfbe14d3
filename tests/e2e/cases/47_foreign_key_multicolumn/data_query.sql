DELETE FROM projects WHERE id = 1;
SELECT tenant_id, id, project_id FROM tasks ORDER BY id;
