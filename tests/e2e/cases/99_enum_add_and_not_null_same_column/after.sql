-- found by random seed 11072: a new label (anywhere) plus NOT NULL on a
-- column of that type made the ordering report a dependency cycle
CREATE TYPE mood AS ENUM ('asleep', 'calm', 'busy');
CREATE TABLE people (id integer PRIMARY KEY, m mood NOT NULL DEFAULT 'calm');
