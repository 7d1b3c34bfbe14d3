CREATE TABLE keep_me (id integer PRIMARY KEY, label text);
