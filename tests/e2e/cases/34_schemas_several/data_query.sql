INSERT INTO billing.invoices (id, user_id, amount) VALUES (1, 1, 10);
SELECT id, number, user_id, currency, amount FROM billing.invoices;
