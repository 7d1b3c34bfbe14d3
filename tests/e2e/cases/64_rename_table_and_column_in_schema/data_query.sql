SELECT p.id, p.price, p.label, s.qty FROM shop.products p JOIN shop.stock s ON s.product_id = p.id ORDER BY p.id;
