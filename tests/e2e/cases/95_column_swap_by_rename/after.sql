CREATE TABLE points (id integer PRIMARY KEY, y integer NOT NULL, x integer NOT NULL);
