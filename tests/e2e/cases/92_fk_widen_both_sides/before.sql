CREATE TABLE accounts (id integer PRIMARY KEY);
CREATE TABLE entries (id integer PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE);
CREATE INDEX entries_account_id_idx ON entries (account_id);
