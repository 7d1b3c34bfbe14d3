SELECT id, '[' || code::text || ']', octet_length(code), name, note, city FROM contacts ORDER BY id;
