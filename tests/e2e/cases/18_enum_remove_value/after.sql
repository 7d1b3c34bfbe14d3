CREATE TYPE color AS ENUM ('red', 'green', 'blue');
CREATE TABLE paints (
    id integer PRIMARY KEY,
    c color NOT NULL DEFAULT 'red',
    alt color[]
);
CREATE INDEX paints_c_idx ON paints (c);
