-- the referenced key moves from id to code: the foreign key must go before
-- the primary key it depends on, and come back after the new one
CREATE TABLE parents (id integer NOT NULL UNIQUE, code text PRIMARY KEY);
CREATE TABLE children (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES parents (id),
    parent_code text REFERENCES parents (code)
);
