CREATE TABLE metrics (
    id bigint PRIMARY KEY,
    hits bigint NOT NULL,
    small_count integer,
    code varchar(50) NOT NULL,
    price numeric(15,2),
    label varchar(10),
    at timestamp with time zone,
    ratio double precision
);
CREATE INDEX metrics_code_idx ON metrics (code);
CREATE TABLE metric_refs (metric_id bigint REFERENCES metrics (id));
