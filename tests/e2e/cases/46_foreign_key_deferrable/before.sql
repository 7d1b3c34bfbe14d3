CREATE TABLE nodes (id integer PRIMARY KEY, next_id integer REFERENCES nodes (id));
CREATE TABLE holders (id integer PRIMARY KEY, node_id integer REFERENCES nodes (id) DEFERRABLE);
