INSERT INTO "Old Table" VALUES (1, 'kept');
