CREATE TYPE phase AS ENUM ('draft', 'review', 'live', 'retired', 'gone');
CREATE TABLE docs (id integer PRIMARY KEY, p phase NOT NULL DEFAULT 'live');
