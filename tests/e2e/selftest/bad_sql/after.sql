CREATE TABLE t (id integer PRIMARY KEY, broken no_such_type);
