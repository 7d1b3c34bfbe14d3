CREATE TABLE misc (id integer PRIMARY KEY);
