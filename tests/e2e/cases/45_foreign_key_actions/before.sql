CREATE TABLE parents (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE children (
    id integer PRIMARY KEY,
    p1 integer REFERENCES parents ON DELETE CASCADE,
    p2 integer,
    p3 integer DEFAULT 0,
    p4 text,
    p5 integer
);
