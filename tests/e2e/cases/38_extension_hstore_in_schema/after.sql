CREATE SCHEMA ext;
CREATE EXTENSION hstore WITH SCHEMA ext;
CREATE EXTENSION "uuid-ossp";
CREATE TABLE products (
    id integer PRIMARY KEY,
    attrs ext.hstore,
    ref uuid DEFAULT uuid_generate_v4()
);
