SELECT id, to_char(happened, 'YYYY-MM-DD HH24:MI:SS'), logged IS NOT NULL, day IS NULL FROM events ORDER BY id;
