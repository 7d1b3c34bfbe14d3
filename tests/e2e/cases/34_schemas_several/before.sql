CREATE TABLE public.users (id integer PRIMARY KEY, name text NOT NULL);
