INSERT INTO teams VALUES (1, NULL);
INSERT INTO players VALUES (7, 1);
UPDATE teams SET lead_id = 7;
