SELECT id, hits + 1, small_count, code, price, '[' || label || ']', at IS NOT NULL, ratio FROM metrics ORDER BY id;
SELECT count(*), count(metric_id) FROM metric_refs;
