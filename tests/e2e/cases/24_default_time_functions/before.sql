CREATE TABLE stamps (id integer PRIMARY KEY);
