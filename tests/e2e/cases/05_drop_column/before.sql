CREATE TABLE items (
    id integer PRIMARY KEY,
    sku text NOT NULL,
    legacy_code varchar(8),
    obsolete_flag boolean DEFAULT false
);
CREATE INDEX items_legacy_code_idx ON items (legacy_code);
