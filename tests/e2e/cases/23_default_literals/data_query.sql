INSERT INTO settings (id) VALUES (1);
SELECT id, retries, label, enabled, ratio, kind, negative, big, nothing IS NULL FROM settings;
