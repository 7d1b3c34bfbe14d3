INSERT INTO logins VALUES (1, 'Root');
