INSERT INTO app.organizations (id, slug, name) VALUES ('00000000-0000-0000-0000-000000000001', 'acme', 'Acme');
INSERT INTO app.users (id, email, display_name) VALUES ('00000000-0000-0000-0000-0000000000aa', 'Wile@Acme.test', 'Wile E.');
INSERT INTO app.memberships (organization_id, user_id, role) VALUES ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000aa', 'owner');
INSERT INTO app.projects (organization_id, key, name) VALUES ('00000000-0000-0000-0000-000000000001', 'ROCKET', 'Rockets');
INSERT INTO app.tasks (project_id, title) SELECT id, 'buy rocket skates' FROM app.projects;
INSERT INTO audit.events (action, table_name) VALUES ('insert', 'tasks');
