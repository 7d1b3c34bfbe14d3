CREATE TABLE t (id integer PRIMARY KEY, extra text);
