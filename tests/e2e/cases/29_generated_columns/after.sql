CREATE TABLE rectangles (
    id integer PRIMARY KEY,
    w numeric NOT NULL,
    h numeric NOT NULL,
    area numeric GENERATED ALWAYS AS (w * h) STORED,
    perimeter numeric GENERATED ALWAYS AS (2 * (w + h)) STORED,
    label text GENERATED ALWAYS AS ('r' || id::text) STORED
);
