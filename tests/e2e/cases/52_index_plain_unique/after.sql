CREATE TABLE customers (id integer PRIMARY KEY, email text, last_name text, first_name text, region text);
CREATE UNIQUE INDEX customers_email_idx ON customers (email);
CREATE INDEX customers_name_idx ON customers (last_name, first_name);
CREATE INDEX ON customers (first_name);
