CREATE TABLE sessions (
    token text PRIMARY KEY,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    parent uuid,
    UNIQUE (id)
);
