SELECT id, lvl FROM log_lines ORDER BY lvl;
SELECT string_agg(v::text, ',' ORDER BY v) FROM unnest(enum_range(NULL::level)) AS v;
