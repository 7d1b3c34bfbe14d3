CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE entries (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE);
CREATE INDEX entries_account_id_idx ON entries (account_id);
