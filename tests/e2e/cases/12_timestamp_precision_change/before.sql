CREATE TABLE audit_log (
    id bigint PRIMARY KEY,
    created timestamp(0) without time zone NOT NULL,
    note varchar(40)
);
