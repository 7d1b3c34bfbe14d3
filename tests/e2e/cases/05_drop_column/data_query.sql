SELECT id, sku FROM items ORDER BY id;
