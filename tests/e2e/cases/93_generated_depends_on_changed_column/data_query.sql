SELECT id, price, qty, total FROM lines ORDER BY id;
