CREATE TYPE level AS ENUM ('debug', 'warning', 'error');
CREATE TABLE log_lines (id integer PRIMARY KEY, lvl level NOT NULL);
