CREATE TABLE metrics (
    id integer PRIMARY KEY,
    hits integer NOT NULL,
    small_count smallint,
    code varchar(5) NOT NULL,
    price numeric(5,2),
    label char(4),
    at timestamp,
    ratio real
);
CREATE INDEX metrics_code_idx ON metrics (code);
CREATE TABLE metric_refs (metric_id integer REFERENCES metrics (id));
