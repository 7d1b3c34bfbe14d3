INSERT INTO tickets VALUES (1, 'printer on fire'), (2, 'coffee machine');
