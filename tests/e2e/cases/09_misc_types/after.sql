CREATE TABLE misc (
    id integer PRIMARY KEY,
    flag boolean,
    raw bytea,
    addr inet,
    net cidr,
    mac macaddr,
    bits bit(8),
    varbits bit varying(16),
    doc tsvector,
    spot point,
    span int4range,
    moment tstzrange,
    blob xml,
    oid_ref oid,
    letters "char"
);
