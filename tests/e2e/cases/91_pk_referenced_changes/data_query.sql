SELECT c.id, p.code FROM children c JOIN parents p ON p.id = c.parent_id ORDER BY c.id;
