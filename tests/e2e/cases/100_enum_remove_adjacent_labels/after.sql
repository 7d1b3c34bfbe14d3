-- found by random seed 40084: two neighbouring labels removed; the
-- downgrade adds the first back BEFORE the second, which is not back yet
CREATE TYPE phase AS ENUM ('live', 'retired');
CREATE TABLE docs (id integer PRIMARY KEY, p phase NOT NULL DEFAULT 'live');
