CREATE TABLE countries (iso char(2) PRIMARY KEY);
CREATE TABLE cities (id integer PRIMARY KEY, name text NOT NULL);
