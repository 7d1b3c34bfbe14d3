CREATE TABLE tokens (id bigint PRIMARY KEY, value text);
