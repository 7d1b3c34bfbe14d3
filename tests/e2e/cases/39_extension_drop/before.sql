CREATE EXTENSION citext;
CREATE EXTENSION pgcrypto;
CREATE EXTENSION btree_gist;
CREATE TABLE logins (id integer PRIMARY KEY, who citext);
