CREATE TABLE players (id integer PRIMARY KEY);
