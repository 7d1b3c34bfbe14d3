-- bench/floor.sql: the statements retort inspect sent for a schema in "public",
-- captured by bench/run.sh (log_statement = all + bench/floor_capture.awk) at
-- retort 421f248. A snapshot for reading: make bench always re-captures them.
-- bench/floor.sql (end of header)
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;

SELECT set_config('search_path', 'pg_catalog, public', true),
  set_config('jit', 'off', true),
  set_config('max_parallel_workers_per_gather', '0', true),
  set_config('work_mem', '64MB', true);

SELECT n.oid, n.nspname, (SELECT d.description FROM pg_description d WHERE d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0) AS description
FROM pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (NULL::text[] IS NULL OR n.nspname = ANY(NULL::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_namespace'::regclass AND x.objid = n.oid AND x.deptype = 'e')
ORDER BY n.nspname;

SELECT e.extname, n.nspname, e.extversion, (SELECT d.description FROM pg_description d WHERE d.objoid = e.oid AND d.classoid = 'pg_extension'::regclass AND d.objsubid = 0) AS description
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
  AND (n.oid = ANY('{2200}'::oid[]) OR n.nspname = 'pg_catalog')
ORDER BY e.extname;

SELECT t.oid, n.nspname, t.typname, e.enumlabel, (SELECT d.description FROM pg_description d WHERE d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0) AS description
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e' AND n.oid = ANY('{2200}'::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY t.oid, e.enumsortorder;

SELECT c.oid, n.nspname, c.relname, (SELECT d.description FROM pg_description d WHERE d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0) AS description
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.oid = ANY('{2200}'::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname;

SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
  a.attnotnull, a.attidentity,
  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END AS def,
  CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS gen,
  co.collname, CASE WHEN cn.nspname NOT IN ('pg_catalog', 'public') THEN cn.nspname END
    AS collschema,
  d.description,
  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN (pg_depend sd JOIN pg_sequence s ON s.seqrelid = sd.objid)
  ON sd.refclassid = 'pg_class'::regclass AND sd.refobjid = a.attrelid
  AND sd.refobjsubid = a.attnum AND sd.classid = 'pg_class'::regclass AND sd.deptype = 'i'
LEFT JOIN pg_description d ON d.objoid = a.attrelid
  AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relnamespace = ANY('{2200}'::oid[])
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum;

SELECT con.oid, con.conrelid, con.conname, con.contype,
  CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS checkexpr,
  con.condeferrable, con.condeferred, con.confupdtype, con.confdeltype, con.confmatchtype,
  rn.nspname AS refschema, rc.relname AS reftable,
  (SELECT a.attname FROM pg_attribute a
    WHERE a.attrelid = con.conrelid AND a.attnum = k.attnum) AS colname,
  (SELECT ra.attname FROM pg_attribute ra
    WHERE ra.attrelid = con.confrelid AND ra.attnum = k.refattnum) AS refcolname,
  i.indnullsnotdistinct AS nullsnotdistinct,
  (SELECT d.description FROM pg_description d WHERE d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0) AS description
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype = 'u'
LEFT JOIN LATERAL unnest(CASE WHEN con.contype IN ('p', 'u', 'f') THEN con.conkey END,
    CASE WHEN con.contype = 'f' THEN con.confkey END)
  WITH ORDINALITY AS k(attnum, refattnum, ord) ON true
WHERE con.contype IN ('p', 'u', 'c', 'f') AND con.conparentid = 0
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relnamespace = ANY('{2200}'::oid[])
ORDER BY con.oid, k.ord;

SELECT i.indexrelid, i.indrelid, ic.relname, am.amname, i.indisunique,
  i.indnkeyatts, k.n, a.attname AS colname,
  CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.n::int, true) END
    AS keyexpr,
  i.indoption[k.n - 1] AS option,
  CASE WHEN NOT opc.opcdefault THEN opc.opcname END AS opcname,
  CASE WHEN NOT opc.opcdefault AND opn.nspname NOT IN ('pg_catalog', 'public')
    THEN opn.nspname END AS opcschema,
  CASE WHEN i.indcollation[k.n - 1] <> 0
    AND i.indcollation[k.n - 1] <> COALESCE(a.attcollation, ka.typcollation)
    THEN co.collname END AS collname,
  CASE WHEN cn.nspname NOT IN ('pg_catalog', 'public') THEN cn.nspname END AS collschema,
  CASE WHEN k.n = 1 THEN pg_get_expr(i.indpred, i.indrelid) END AS pred,
  CASE WHEN k.n = 1 THEN array_to_string(ic.reloptions, ', ') END AS options,
  i.indnullsnotdistinct AS nullsnotdistinct,
  CASE WHEN k.n = 1 THEN (SELECT d.description FROM pg_description d
    WHERE d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass
      AND d.objsubid = 0) END AS description
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL generate_series(1, i.indnatts::int) AS k(n)
LEFT JOIN LATERAL (SELECT x.attname, x.attcollation FROM pg_attribute x
    WHERE x.attrelid = i.indrelid AND x.attnum = i.indkey[k.n - 1]
      AND i.indkey[k.n - 1] <> 0 OFFSET 0) a ON true
LEFT JOIN LATERAL (SELECT t.typcollation FROM pg_attribute y
    JOIN pg_type t ON t.oid = y.atttypid
    WHERE y.attrelid = i.indexrelid AND y.attnum = k.n
      AND i.indkey[k.n - 1] = 0 OFFSET 0) ka ON true
LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[k.n - 1] AND k.n <= i.indnkeyatts
LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
LEFT JOIN pg_collation co ON co.oid = i.indcollation[k.n - 1] AND k.n <= i.indnkeyatts
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relnamespace = ANY('{2200}'::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint b WHERE b.conrelid = i.indrelid
    AND b.conindid = i.indexrelid AND b.contype IN ('p', 'u', 'x'))
ORDER BY i.indexrelid, k.n;

SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL) AS type,
  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
  dep.refobjid AS ownerrel, own.relname AS ownertable, att.attname AS ownercolumn,
  (SELECT d.description FROM pg_description d WHERE d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0) AS description
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
  AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class own ON own.oid = dep.refobjid
LEFT JOIN pg_attribute att ON att.attrelid = dep.refobjid AND att.attnum = dep.refobjsubid
WHERE n.oid = ANY('{2200}'::oid[]) AND dep.deptype IS DISTINCT FROM 'i'
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname;

SELECT * FROM (
SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
    WHEN 'f' THEN 'foreign table' ELSE 'partition' END AS kind,
  n.nspname AS schema, c.relname AS rel, NULL::name AS sub, NULL::text AS args
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.oid = ANY('{2200}'::oid[])
  AND (c.relkind IN ('v', 'm', 'f') OR (c.relkind IN ('r', 'p') AND c.relispartition))
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
UNION ALL
SELECT CASE c.relkind WHEN 'p' THEN 'partitioning of table'
    ELSE 'inheritance of table' END, n.nspname, c.relname, NULL, NULL
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.oid = ANY('{2200}'::oid[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND (c.relkind = 'p' OR EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = c.oid))
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
    ELSE 'function' END, n.nspname, p.proname, NULL,
  pg_get_function_identity_arguments(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.oid = ANY('{2200}'::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass
    AND x.objid = p.oid AND x.deptype IN ('e', 'i'))
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname, t.typname,
  NULL, NULL
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class tc ON tc.oid = t.typrelid
WHERE n.oid = ANY('{2200}'::oid[]) AND t.typcategory <> 'A'
  AND (t.typtype IN ('b', 'd', 'r') OR (t.typtype = 'c' AND tc.relkind = 'c'))
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass
    AND x.objid = t.oid AND x.deptype IN ('e', 'i'))
UNION ALL
SELECT 'trigger', n.nspname, c.relname, t.tgname, NULL
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.oid = ANY('{2200}'::oid[]) AND NOT t.tgisinternal AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_trigger'::regclass AND x.objid = t.oid AND x.deptype = 'e')
UNION ALL
SELECT 'policy', n.nspname, c.relname, p.polname, NULL
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.oid = ANY('{2200}'::oid[])
UNION ALL
SELECT 'rule', n.nspname, c.relname, r.rulename, NULL
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.oid = ANY('{2200}'::oid[]) AND r.rulename <> '_RETURN'
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_rewrite'::regclass AND x.objid = r.oid AND x.deptype = 'e')
UNION ALL
SELECT 'exclusion constraint', n.nspname, c.relname, con.conname, NULL
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.oid = ANY('{2200}'::oid[]) AND con.contype = 'x' AND NOT c.relispartition
UNION ALL
SELECT 'collation', n.nspname, co.collname, NULL, NULL
FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
WHERE n.oid = ANY('{2200}'::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_collation'::regclass AND x.objid = co.oid AND x.deptype = 'e')
UNION ALL
SELECT 'statistics object', n.nspname, s.stxname, NULL, NULL
FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
WHERE n.oid = ANY('{2200}'::oid[])
UNION ALL
SELECT 'event trigger', NULL, e.evtname, NULL, NULL
FROM pg_event_trigger e
WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_event_trigger'::regclass AND x.objid = e.oid AND x.deptype = 'e')
) u ORDER BY 1, 2, 3, 4;

ROLLBACK;

