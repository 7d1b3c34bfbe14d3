SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('app', 'audit');
SELECT count(*) FROM pg_namespace WHERE nspname IN ('app', 'audit');
