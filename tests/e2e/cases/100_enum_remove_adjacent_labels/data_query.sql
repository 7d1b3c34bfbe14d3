SELECT id, p FROM docs ORDER BY p;
SELECT string_agg(v::text, ',' ORDER BY v) FROM unnest(enum_range(NULL::phase)) AS v;
