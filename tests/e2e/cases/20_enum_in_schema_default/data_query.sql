SELECT id, total, state, previous FROM billing.invoices;
