CREATE TABLE countries (iso char(2) PRIMARY KEY);
CREATE TABLE cities (
    id integer PRIMARY KEY,
    name text NOT NULL,
    country char(2) REFERENCES countries ON DELETE RESTRICT,
    population bigint CHECK (population >= 0),
    geoname_id integer UNIQUE
);
