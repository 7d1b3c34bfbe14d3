SELECT 'a', id, v FROM a_tab UNION ALL SELECT 'b', id, v FROM b_tab UNION ALL SELECT 'c', id, v FROM c_tab ORDER BY 1;
INSERT INTO c_tab VALUES (50, 'explicit');
SELECT count(*) FROM c_tab;
