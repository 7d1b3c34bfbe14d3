CREATE TYPE status AS ENUM ('active', 'inactive');
CREATE TABLE members (id integer PRIMARY KEY, st status NOT NULL DEFAULT 'active');
