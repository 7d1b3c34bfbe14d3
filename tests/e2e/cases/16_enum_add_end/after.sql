CREATE TYPE run_status AS ENUM ('pending', 'running', 'succeeded', 'failed');
CREATE TABLE runs (id integer PRIMARY KEY, status run_status NOT NULL DEFAULT 'pending');
