CREATE TABLE scoops (id integer PRIMARY KEY, f text NOT NULL DEFAULT 'vanilla');
