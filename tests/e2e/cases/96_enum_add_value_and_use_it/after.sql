-- the new label is used by a default in the same migration: PostgreSQL
-- refuses that inside the transaction that adds the label (SQLSTATE 55P04)
CREATE TYPE status AS ENUM ('pending', 'active', 'inactive');
CREATE TABLE members (id integer PRIMARY KEY, st status NOT NULL DEFAULT 'pending');
