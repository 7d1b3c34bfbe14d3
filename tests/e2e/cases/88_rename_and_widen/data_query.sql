SELECT id, hits + 1, url FROM page_visits ORDER BY id;
