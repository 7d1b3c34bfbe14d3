SELECT id, email FROM members WHERE email = 'ADA@EXAMPLE.ORG';
SELECT count(*) FROM members WHERE email = 'BOB@example.ORG';
