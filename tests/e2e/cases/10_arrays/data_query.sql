SELECT id, tags, cardinality(tags), scores IS NULL FROM posts ORDER BY id;
