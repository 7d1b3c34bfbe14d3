CREATE EXTENSION pgcrypto;
CREATE TYPE run_status AS ENUM ('pending', 'running', 'done');
CREATE TABLE crews (
    id serial PRIMARY KEY,
    name varchar(40) UNIQUE,
    active boolean NOT NULL DEFAULT true
);
CREATE TABLE runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    crew_id integer NOT NULL REFERENCES crews ON DELETE CASCADE,
    status run_status NOT NULL DEFAULT 'pending',
    started timestamp with time zone NOT NULL DEFAULT now(),
    cost numeric(10,2),
    tries smallint DEFAULT 0,
    tags text[] DEFAULT '{}',
    big bigint,
    ratio double precision,
    small_ratio real,
    label varchar,
    CHECK (cost >= 0)
);
COMMENT ON TABLE runs IS 'one run of a crew';
CREATE INDEX ON runs (crew_id, started DESC);
CREATE INDEX runs_label_lower_idx ON runs (lower(label));
