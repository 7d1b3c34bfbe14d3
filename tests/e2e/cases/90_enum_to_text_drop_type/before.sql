CREATE TYPE flavor AS ENUM ('vanilla', 'chocolate');
CREATE TABLE scoops (id integer PRIMARY KEY, f flavor NOT NULL DEFAULT 'vanilla');
