SELECT count(*) FROM readings;
SELECT code FROM loose ORDER BY code;
