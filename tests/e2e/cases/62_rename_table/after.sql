-- the state the model describes (the derived constraint names follow the new table name)
CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES clients (id));
