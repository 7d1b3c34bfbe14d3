SELECT id, f, pg_typeof(f) FROM scoops ORDER BY id;
SELECT count(*) FROM pg_type WHERE typname = 'flavor';
