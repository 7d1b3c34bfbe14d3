CREATE TABLE settings (
    id integer PRIMARY KEY,
    retries integer,
    label text,
    enabled boolean,
    ratio numeric(4,2),
    kind varchar(10)
);
