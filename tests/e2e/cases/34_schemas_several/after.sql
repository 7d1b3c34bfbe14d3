CREATE SCHEMA billing;
CREATE SCHEMA audit;
COMMENT ON SCHEMA audit IS 'who did what';
CREATE TABLE public.users (id integer PRIMARY KEY, name text NOT NULL);
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD', 'JPY');
CREATE SEQUENCE billing.invoice_no START WITH 500;
CREATE TABLE billing.invoices (
    id integer PRIMARY KEY,
    number bigint NOT NULL DEFAULT nextval('billing.invoice_no'),
    user_id integer NOT NULL REFERENCES public.users (id),
    currency billing.currency NOT NULL DEFAULT 'EUR',
    amount numeric(12,2) NOT NULL CHECK (amount >= 0)
);
CREATE INDEX invoices_user_id_idx ON billing.invoices (user_id);
CREATE TABLE audit.events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id integer REFERENCES billing.invoices (id) ON DELETE SET NULL,
    at timestamptz NOT NULL DEFAULT now(),
    what text NOT NULL
);
-- same table name in two schemas
CREATE TABLE audit.users (id integer PRIMARY KEY, seen timestamptz);
