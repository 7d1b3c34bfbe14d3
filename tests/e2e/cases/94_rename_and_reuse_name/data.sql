INSERT INTO users VALUES (1, 'root'), (2, 'guest');
