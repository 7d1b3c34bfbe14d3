CREATE TABLE members (
    id integer NOT NULL,
    org text NOT NULL,
    username text NOT NULL,
    CONSTRAINT members_pkey PRIMARY KEY (org, username)
);
CREATE TABLE named_pk (a integer, b integer NOT NULL, CONSTRAINT np_custom PRIMARY KEY (b));
CREATE TABLE dropped_pk (a integer NOT NULL);
