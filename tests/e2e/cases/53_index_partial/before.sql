CREATE TABLE jobs (id integer PRIMARY KEY, state text NOT NULL, run_at timestamptz, deleted boolean NOT NULL DEFAULT false, owner_id integer);
CREATE INDEX jobs_pending_idx ON jobs (run_at) WHERE state = 'pending';
