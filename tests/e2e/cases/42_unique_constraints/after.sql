CREATE TABLE users (
    id integer PRIMARY KEY,
    email text UNIQUE,
    tenant integer,
    handle text,
    old_code text,
    CONSTRAINT users_tenant_handle_uq UNIQUE (tenant, handle)
);
CREATE TABLE devices (
    id integer PRIMARY KEY,
    phone text,
    CONSTRAINT devices_phone_key UNIQUE NULLS NOT DISTINCT (phone)
);
