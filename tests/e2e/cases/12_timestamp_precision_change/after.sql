CREATE TABLE audit_log (
    id bigint PRIMARY KEY,
    created timestamp(6) without time zone NOT NULL,
    note varchar(400)
);
