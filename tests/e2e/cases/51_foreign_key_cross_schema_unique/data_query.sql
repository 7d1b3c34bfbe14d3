UPDATE crm.customers SET code = 'C-001';
SELECT id, customer_code FROM orders ORDER BY id;
