INSERT INTO jobs (id) VALUES (1);
SELECT id, attempts, queue IS NULL, priority, created IS NOT NULL FROM jobs;
