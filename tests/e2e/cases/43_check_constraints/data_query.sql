SELECT id, price, stock, discount FROM products ORDER BY id;
