CREATE TYPE level AS ENUM ('trace', 'debug', 'info', 'warning', 'error', 'fatal');
CREATE TABLE log_lines (id integer PRIMARY KEY, lvl level NOT NULL);
