INSERT INTO a_tab VALUES (1, 'x');
INSERT INTO b_tab (v) VALUES ('y');
INSERT INTO c_tab (v) VALUES ('z');
