CREATE TYPE plan AS ENUM ('free', 'pro');
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    name text NOT NULL,
    notes text NOT NULL DEFAULT '',
    credits integer NOT NULL DEFAULT 100,
    plan plan NOT NULL DEFAULT 'free',
    signup timestamptz NOT NULL DEFAULT now(),
    verified boolean NOT NULL DEFAULT false,
    token uuid NOT NULL DEFAULT gen_random_uuid()
);
