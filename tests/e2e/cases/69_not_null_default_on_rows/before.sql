CREATE TYPE plan AS ENUM ('free', 'pro');
CREATE TABLE accounts (id integer PRIMARY KEY, name text NOT NULL, notes text);
