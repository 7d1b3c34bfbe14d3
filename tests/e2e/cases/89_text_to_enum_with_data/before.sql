CREATE TABLE tasks (id integer PRIMARY KEY, state text NOT NULL DEFAULT 'todo');
