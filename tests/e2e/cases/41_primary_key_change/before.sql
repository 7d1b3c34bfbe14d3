CREATE TABLE members (
    id integer NOT NULL,
    org text NOT NULL,
    username text NOT NULL,
    CONSTRAINT members_pkey PRIMARY KEY (id)
);
CREATE TABLE named_pk (a integer, b integer, CONSTRAINT np_custom PRIMARY KEY (a));
CREATE TABLE dropped_pk (a integer PRIMARY KEY);
