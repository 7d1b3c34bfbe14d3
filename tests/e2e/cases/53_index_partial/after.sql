CREATE TABLE jobs (id integer PRIMARY KEY, state text NOT NULL, run_at timestamptz, deleted boolean NOT NULL DEFAULT false, owner_id integer);
CREATE INDEX jobs_pending_idx ON jobs (run_at) WHERE state = 'pending' OR state = 'retry';
CREATE UNIQUE INDEX jobs_owner_live_idx ON jobs (owner_id) WHERE NOT deleted AND owner_id IS NOT NULL;
CREATE INDEX jobs_state_idx ON jobs (state) WHERE state IN ('failed', 'dead');
