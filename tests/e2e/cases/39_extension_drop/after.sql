CREATE EXTENSION pgcrypto;
CREATE TABLE logins (id integer PRIMARY KEY, who text);
