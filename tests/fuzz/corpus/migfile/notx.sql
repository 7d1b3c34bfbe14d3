-- Revision: 000000000001
-- Parents: base
-- retort:no-transaction
-- retort:upgrade
CREATE INDEX CONCURRENTLY i ON t (a);
-- retort:downgrade
