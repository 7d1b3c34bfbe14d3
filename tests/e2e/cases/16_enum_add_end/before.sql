CREATE TYPE run_status AS ENUM ('pending', 'running');
CREATE TABLE runs (id integer PRIMARY KEY, status run_status NOT NULL DEFAULT 'pending');
