CREATE TABLE settings (
    id integer PRIMARY KEY,
    retries integer DEFAULT 3,
    label text DEFAULT 'it''s a default',
    enabled boolean DEFAULT false,
    ratio numeric(4,2) DEFAULT 0.5,
    kind varchar(10) DEFAULT 'basic',
    negative integer DEFAULT -1,
    big bigint DEFAULT 9000000000,
    nothing text DEFAULT NULL
);
