CREATE TABLE regions (code text PRIMARY KEY);
CREATE TABLE shops (
    id integer PRIMARY KEY,
    name text NOT NULL,
    region text REFERENCES regions (code),
    size integer CHECK (size > 0),
    slug text,
    CONSTRAINT shops_region_slug_key UNIQUE (region, slug),
    CONSTRAINT shops_size_name CHECK (size < 1000 OR name <> '')
);
CREATE INDEX shops_region_idx ON shops (region) WHERE size > 10;
CREATE INDEX shops_lower_slug_idx ON shops (lower(slug));
