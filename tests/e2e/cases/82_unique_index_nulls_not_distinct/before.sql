CREATE TABLE slots (id integer PRIMARY KEY, room text, starts time, ends time);
