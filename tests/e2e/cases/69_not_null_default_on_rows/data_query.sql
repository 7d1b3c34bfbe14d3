SELECT id, name, '[' || notes || ']', credits, plan, signup IS NOT NULL, verified FROM accounts ORDER BY id;
SELECT count(DISTINCT token) FROM accounts;
