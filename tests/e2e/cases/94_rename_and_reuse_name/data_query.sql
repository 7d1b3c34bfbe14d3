SELECT id, login FROM accounts ORDER BY id;
SELECT count(*) FROM users;
