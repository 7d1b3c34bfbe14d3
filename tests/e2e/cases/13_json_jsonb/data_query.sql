SELECT id, body::text, body->>'a', meta::text, extra::text, tags::text FROM documents ORDER BY id;
