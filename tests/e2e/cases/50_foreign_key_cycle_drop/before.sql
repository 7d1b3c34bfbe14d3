CREATE TABLE teams (
    id integer PRIMARY KEY,
    lead_id integer
);
CREATE TABLE players (
    id integer PRIMARY KEY,
    team_id integer REFERENCES teams (id)
);
ALTER TABLE teams ADD CONSTRAINT teams_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES players (id);
-- a three-table ring
CREATE TABLE ring_a (id integer PRIMARY KEY, b_id integer);
CREATE TABLE ring_b (id integer PRIMARY KEY, c_id integer);
CREATE TABLE ring_c (id integer PRIMARY KEY, a_id integer REFERENCES ring_a);
ALTER TABLE ring_a ADD FOREIGN KEY (b_id) REFERENCES ring_b;
ALTER TABLE ring_b ADD FOREIGN KEY (c_id) REFERENCES ring_c;
