CREATE TABLE legacy (id serial PRIMARY KEY, code bigserial, name text);
CREATE TABLE fresh (name text PRIMARY KEY);
