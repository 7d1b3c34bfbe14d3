SELECT id, total FROM big_orders;
SELECT order_count();
