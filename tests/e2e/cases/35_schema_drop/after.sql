CREATE TABLE public.stays (id integer PRIMARY KEY);
