INSERT INTO invoices VALUES (1, 'old customer');
