INSERT INTO sessions VALUES ('t1'), ('t2'), ('t3');
