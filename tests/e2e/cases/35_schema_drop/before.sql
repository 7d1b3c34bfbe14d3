CREATE SCHEMA legacy;
COMMENT ON SCHEMA legacy IS 'to be removed';
CREATE TYPE legacy.mood AS ENUM ('sad', 'ok');
CREATE SEQUENCE legacy.counter;
CREATE TABLE legacy.things (id integer PRIMARY KEY, m legacy.mood, n bigint DEFAULT nextval('legacy.counter'));
CREATE TABLE legacy.parts (id integer PRIMARY KEY, thing_id integer REFERENCES legacy.things (id));
CREATE TABLE public.stays (id integer PRIMARY KEY);
