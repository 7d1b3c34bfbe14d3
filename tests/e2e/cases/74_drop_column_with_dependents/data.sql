INSERT INTO regions VALUES ('north');
INSERT INTO shops VALUES (1, 'Corner', 'north', 20, 'corner'), (2, 'Kiosk', NULL, 1, NULL);
