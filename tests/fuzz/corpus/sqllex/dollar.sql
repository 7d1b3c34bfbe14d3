DO $fn$ BEGIN PERFORM 1; END $fn$;
SELECT $1, a$b$;
