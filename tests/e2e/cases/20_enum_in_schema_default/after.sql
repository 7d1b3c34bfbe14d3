CREATE SCHEMA billing;
CREATE TYPE billing.invoice_state AS ENUM ('draft', 'sent', 'paid', 'void');
CREATE TABLE billing.invoices (
    id integer PRIMARY KEY,
    total numeric(12,2) NOT NULL,
    state billing.invoice_state NOT NULL DEFAULT 'draft'::billing.invoice_state,
    previous billing.invoice_state DEFAULT 'void'
);
