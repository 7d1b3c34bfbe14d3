INSERT INTO shop.item VALUES (1, 2.50, 'apple'), (2, 0, 'free sample');
INSERT INTO shop.stock VALUES (1, 100), (2, 3);
