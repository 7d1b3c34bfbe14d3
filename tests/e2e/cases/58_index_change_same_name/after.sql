CREATE TABLE events (id integer PRIMARY KEY, kind text, at timestamptz, actor integer);
CREATE INDEX events_lookup_idx ON events (kind, at);
CREATE UNIQUE INDEX events_actor_idx ON events (actor);
CREATE INDEX events_at_idx ON events USING brin (at);
