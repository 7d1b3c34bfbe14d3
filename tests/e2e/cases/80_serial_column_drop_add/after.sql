CREATE TABLE legacy (id serial PRIMARY KEY, name text);
CREATE TABLE fresh (name text PRIMARY KEY, seq smallserial);
