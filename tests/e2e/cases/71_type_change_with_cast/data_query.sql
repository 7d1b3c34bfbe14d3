SELECT id, amount + 1, flag, born, code || '!', payload->'k'->>0, jsonb_typeof(payload) FROM imports ORDER BY id;
