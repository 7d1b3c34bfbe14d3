INSERT INTO legacy (name) VALUES ('a'), ('b');
INSERT INTO fresh VALUES ('x'), ('y');
