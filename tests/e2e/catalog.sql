-- Canonical listing of a database's schema, for the end-to-end harness.
--
--   psql -XAtq -v ON_ERROR_STOP=1 -d DB -f tests/e2e/catalog.sql
--
-- One line per object (or per detail of an object), sorted byte-wise, so
-- two databases hold the same schema exactly when their listings are equal.
-- The listing is independent of creation order, oids and column positions:
-- columns are listed by name, constraints and indexes by name with
-- PostgreSQL's own definition text. Comments are listed for every kind.
--
-- Left out: system schemas, objects that belong to an extension (they come
-- with CREATE EXTENSION), and retort's bookkeeping table retort_version with
-- everything hanging off it. Identity sequences are listed by the column
-- they serve, not by their (generated) name.
--
-- Kinds retort does not manage (views, functions, triggers, domains, other
-- types) are listed too, so a stray one shows up as a difference.
SET search_path = pg_catalog;

WITH
ns AS (
    SELECT n.oid, n.nspname
    FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND n.nspname NOT LIKE 'pg\_temp\_%'
      AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_namespace'::regclass
                        AND d.objid = n.oid AND d.deptype = 'e')
),
ext_member AS (
    SELECT d.classid, d.objid FROM pg_depend d WHERE d.deptype = 'e'
),
bookkeeping AS (
    SELECT c.oid FROM pg_class c
    WHERE c.relname = 'retort_version' AND c.relkind IN ('r', 'p')
),
rel AS (
    SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.reloptions,
           ns.nspname, format('%I.%I', ns.nspname, c.relname) AS qname
    FROM pg_class c
    JOIN ns ON ns.oid = c.relnamespace
    WHERE c.oid NOT IN (SELECT oid FROM bookkeeping)
      AND NOT EXISTS (SELECT 1 FROM ext_member e
                      WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid)
),
-- sequences that serve an identity column, or belong to the bookkeeping table
seq_owner AS (
    SELECT d.objid AS seqoid, d.deptype, d.refobjid AS tbloid, d.refobjsubid AS attnum
    FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass
      AND d.refclassid = 'pg_class'::regclass
      AND d.deptype IN ('a', 'i')
      AND d.refobjsubid > 0
      AND EXISTS (SELECT 1 FROM pg_class s WHERE s.oid = d.objid AND s.relkind = 'S')
),
lines AS (
    -- schemas
    SELECT format('schema %I comment=%s', ns.nspname,
                  coalesce(quote_literal(obj_description(ns.oid, 'pg_namespace')), '-')) AS line
    FROM ns

    UNION ALL
    -- extensions
    SELECT format('extension %I schema=%I version=%s comment=%s', x.extname, n.nspname,
                  x.extversion,
                  coalesce(quote_literal(obj_description(x.oid, 'pg_extension')), '-'))
    FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace

    UNION ALL
    -- enums, with their labels in sort order
    SELECT format('enum %I.%I labels=[%s] comment=%s', ns.nspname, t.typname,
                  (SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)
                   FROM pg_enum e WHERE e.enumtypid = t.oid),
                  coalesce(quote_literal(obj_description(t.oid, 'pg_type')), '-'))
    FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
    WHERE t.typtype = 'e'
      AND NOT EXISTS (SELECT 1 FROM ext_member e
                      WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)

    UNION ALL
    -- other user-defined types (not managed by retort: listed to be seen)
    SELECT format('type %I.%I typtype=%s base=%s notnull=%s default=%s comment=%s',
                  ns.nspname, t.typname, t.typtype,
                  CASE WHEN t.typbasetype <> 0 THEN format_type(t.typbasetype, t.typtypmod) ELSE '-' END,
                  t.typnotnull, coalesce(quote_literal(t.typdefault), '-'),
                  coalesce(quote_literal(obj_description(t.oid, 'pg_type')), '-'))
    FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
    WHERE (t.typtype IN ('d', 'r', 'b')
           OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c
                                           WHERE c.oid = t.typrelid AND c.relkind = 'c')))
      AND NOT EXISTS (SELECT 1 FROM pg_type arr WHERE arr.typarray = t.oid)
      AND NOT EXISTS (SELECT 1 FROM ext_member e
                    WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)

    UNION ALL
    -- sequences; identity sequences are named after the column they serve
    SELECT format('sequence %s type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s owned-by=%s comment=%s',
                  CASE WHEN o.deptype = 'i'
                       THEN format('(identity of %I.%I.%I)', tn.nspname, tc.relname, a.attname)
                       ELSE rel.qname END,
                  format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                  s.seqcache, s.seqcycle,
                  CASE WHEN o.deptype = 'a'
                       THEN format('%I.%I.%I', tn.nspname, tc.relname, a.attname)
                       ELSE '-' END,
                  coalesce(quote_literal(obj_description(rel.oid, 'pg_class')), '-'))
    FROM rel
    JOIN pg_sequence s ON s.seqrelid = rel.oid
    LEFT JOIN seq_owner o ON o.seqoid = rel.oid
    LEFT JOIN pg_class tc ON tc.oid = o.tbloid
    LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = o.tbloid AND a.attnum = o.attnum
    WHERE rel.relkind = 'S'
      AND (o.tbloid IS NULL OR o.tbloid NOT IN (SELECT oid FROM bookkeeping))

    UNION ALL
    -- tables, views and other relations (indexes and sequences have their own lines)
    SELECT format('relation %s kind=%s persistence=%s options=%s comment=%s',
                  rel.qname, rel.relkind, rel.relpersistence,
                  coalesce(array_to_string(rel.reloptions, ','), '-'),
                  coalesce(quote_literal(obj_description(rel.oid, 'pg_class')), '-'))
    FROM rel
    WHERE rel.relkind NOT IN ('i', 'I', 'S')

    UNION ALL
    -- view definitions
    SELECT format('view %s definition=%s', rel.qname,
                  quote_literal(pg_get_viewdef(rel.oid)))
    FROM rel
    WHERE rel.relkind IN ('v', 'm')

    UNION ALL
    -- columns, by name
    SELECT format('column %s.%I type=%s notnull=%s default=%s identity=%s generated=%s collation=%s comment=%s',
                  rel.qname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  CASE WHEN a.attgenerated = '' THEN coalesce(quote_literal(pg_get_expr(ad.adbin, ad.adrelid)), '-')
                       ELSE '-' END,
                  CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by-default' ELSE '-' END,
                  CASE WHEN a.attgenerated <> '' THEN quote_literal(pg_get_expr(ad.adbin, ad.adrelid))
                       ELSE '-' END,
                  CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                       THEN (SELECT format('%I.%I', cn.nspname, co.collname)
                             FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                             WHERE co.oid = a.attcollation)
                       ELSE '-' END,
                  coalesce(quote_literal(col_description(rel.oid, a.attnum)), '-'))
    FROM rel
    JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE rel.relkind NOT IN ('i', 'I', 'S', 'c')

    UNION ALL
    -- table constraints, by name
    SELECT format('constraint %s.%I %s comment=%s', rel.qname, con.conname,
                  pg_get_constraintdef(con.oid),
                  coalesce(quote_literal(obj_description(con.oid, 'pg_constraint')), '-'))
    FROM pg_constraint con
    JOIN rel ON rel.oid = con.conrelid

    UNION ALL
    -- domain constraints
    SELECT format('domain-constraint %I.%I.%I %s', ns.nspname, t.typname, con.conname,
                  pg_get_constraintdef(con.oid))
    FROM pg_constraint con
    JOIN pg_type t ON t.oid = con.contypid
    JOIN ns ON ns.oid = t.typnamespace

    UNION ALL
    -- indexes, by name, with their definition (constraint-backing ones too)
    SELECT format('index %I.%I %s comment=%s', ns.nspname, ic.relname,
                  pg_get_indexdef(i.indexrelid),
                  coalesce(quote_literal(obj_description(ic.oid, 'pg_class')), '-'))
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN ns ON ns.oid = ic.relnamespace
    JOIN rel ON rel.oid = i.indrelid

    UNION ALL
    -- functions and procedures (not managed by retort: listed to be seen)
    SELECT format('function %I.%I(%s)', ns.nspname, p.proname,
                  pg_get_function_identity_arguments(p.oid))
    FROM pg_proc p
    JOIN ns ON ns.oid = p.pronamespace
    WHERE NOT EXISTS (SELECT 1 FROM ext_member e
                      WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid)

    UNION ALL
    -- triggers (not managed by retort: listed to be seen)
    SELECT format('trigger %s.%I %s', rel.qname, tg.tgname, pg_get_triggerdef(tg.oid))
    FROM pg_trigger tg
    JOIN rel ON rel.oid = tg.tgrelid
    WHERE NOT tg.tgisinternal
)
-- one object per line, even when a comment or default spans several
SELECT l FROM (SELECT replace(replace(line, E'\r', '\r'), E'\n', '\n') AS l FROM lines) s
ORDER BY l COLLATE "C";
