CREATE TABLE z_root (id integer PRIMARY KEY);
