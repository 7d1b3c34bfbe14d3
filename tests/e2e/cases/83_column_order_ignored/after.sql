CREATE TABLE t (c date, b text, a integer PRIMARY KEY);
