CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer text NOT NULL,
    shipped_at timestamptz,
    note text DEFAULT ''
);
