CREATE TABLE names (id integer PRIMARY KEY, a text COLLATE "C", b text, c varchar(20) COLLATE "POSIX", d text COLLATE "ucs_basic");
