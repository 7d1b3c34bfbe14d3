UPDATE parents SET code = 'ONE' WHERE id = 1;
DELETE FROM parents WHERE id = 2;
SELECT id, p1, p2, p3, p4 FROM children;
