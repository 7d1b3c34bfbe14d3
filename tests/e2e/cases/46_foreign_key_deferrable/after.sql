CREATE TABLE nodes (
    id integer PRIMARY KEY,
    next_id integer REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE holders (
    id integer PRIMARY KEY,
    node_id integer REFERENCES nodes (id) NOT DEFERRABLE,
    other_id integer CONSTRAINT holders_other_fk REFERENCES nodes (id) DEFERRABLE INITIALLY IMMEDIATE
);
