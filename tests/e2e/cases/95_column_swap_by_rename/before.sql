CREATE TABLE points (id integer PRIMARY KEY, x integer NOT NULL, y integer NOT NULL);
