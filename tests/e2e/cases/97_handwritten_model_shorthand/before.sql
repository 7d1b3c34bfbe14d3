CREATE TABLE crews (id integer PRIMARY KEY);
