INSERT INTO scoops VALUES (1, 'chocolate'), (2, 'vanilla');
