CREATE TABLE events (id integer PRIMARY KEY, kind text, at timestamptz, actor integer);
CREATE INDEX events_lookup_idx ON events (kind);
CREATE INDEX events_actor_idx ON events (actor);
CREATE UNIQUE INDEX events_at_idx ON events (at, id);
