CREATE SCHEMA archive;
CREATE TABLE archive.old_logs (id integer PRIMARY KEY, line text);
