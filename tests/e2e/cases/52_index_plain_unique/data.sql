INSERT INTO customers VALUES (1, 'a@x', 'Doe', 'Jane', 'eu'), (2, 'b@x', 'Doe', 'John', NULL);
