INSERT INTO crm.customers VALUES (1, 'C-1');
INSERT INTO orders VALUES (1, 'C-1'), (2, NULL);
