SELECT id, m FROM people ORDER BY m;
SELECT string_agg(v::text, ',' ORDER BY v) FROM unnest(enum_range(NULL::mood)) AS v;
