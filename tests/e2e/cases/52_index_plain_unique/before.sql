CREATE TABLE customers (id integer PRIMARY KEY, email text, last_name text, first_name text, region text);
CREATE INDEX customers_region_idx ON customers (region);
CREATE INDEX old_name_idx ON customers (last_name);
