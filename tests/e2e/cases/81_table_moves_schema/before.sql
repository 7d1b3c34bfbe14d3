CREATE SCHEMA archive;
CREATE TABLE old_logs (id integer PRIMARY KEY, line text);
