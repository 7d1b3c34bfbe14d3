CREATE TABLE t (a integer PRIMARY KEY, b varchar(10), c date, d numeric(4,1) DEFAULT 2.5, e text);
