SELECT id, sz FROM shirts ORDER BY sz NULLS LAST, id;
