INSERT INTO rectangles (id, w, h) VALUES (1, 2, 3), (2, 1.5, 4);
