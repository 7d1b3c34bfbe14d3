-- retort migration
-- Revision: 3f2a9c1b7d4e
-- Parents: 0d1e2f3a4b5c, aaaaaaaaaaaa
-- Created: 2026-11-21 09:31:05 UTC
-- Message: add

-- retort:upgrade
CREATE TABLE n (id int);

-- retort:downgrade
DROP TABLE n;
