CREATE SCHEMA ops;
CREATE TYPE ops.state AS ENUM ('new', 'active', 'old', 'done', 'failed');
CREATE TABLE ops.tasks (id integer PRIMARY KEY, st ops.state NOT NULL DEFAULT 'new', history ops.state[] DEFAULT '{}');
CREATE TABLE ops.archive (id integer PRIMARY KEY, st ops.state CHECK (st <> 'new'));
CREATE INDEX tasks_open_idx ON ops.tasks (id) WHERE st <> 'done';
