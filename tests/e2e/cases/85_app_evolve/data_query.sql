SELECT email, display_name, timezone FROM app.users;
SELECT p.key, t.title, t.status, t.number FROM app.tasks t JOIN app.projects p ON p.id = t.project_id;
SELECT m.role, o.slug FROM app.memberships m JOIN app.organizations o ON o.id = m.organization_id;
SELECT string_agg(v::text, ',' ORDER BY v) FROM unnest(enum_range(NULL::app.task_status)) AS v;
SELECT action, table_name, ip IS NULL FROM audit.events;
