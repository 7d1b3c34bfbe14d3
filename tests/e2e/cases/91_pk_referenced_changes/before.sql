CREATE TABLE parents (id integer PRIMARY KEY, code text NOT NULL);
CREATE TABLE children (id integer PRIMARY KEY, parent_id integer REFERENCES parents (id), parent_code text);
