CREATE TABLE accounts (id integer PRIMARY KEY, login text NOT NULL);
CREATE TABLE users (id integer PRIMARY KEY, account_id integer REFERENCES accounts (id));
