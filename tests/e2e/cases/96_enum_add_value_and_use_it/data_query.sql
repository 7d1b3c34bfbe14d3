INSERT INTO members (id) VALUES (2);
SELECT id, st FROM members ORDER BY st;
