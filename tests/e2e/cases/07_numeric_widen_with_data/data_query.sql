SELECT id, amount, qty, total, weight FROM prices ORDER BY id;
