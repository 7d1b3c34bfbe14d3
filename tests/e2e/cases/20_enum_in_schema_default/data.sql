INSERT INTO billing.invoices VALUES (7, 99.90);
