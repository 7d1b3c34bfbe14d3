CREATE TABLE t (a integer PRIMARY KEY, b text, c date);
