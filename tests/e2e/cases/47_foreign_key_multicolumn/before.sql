CREATE TABLE tenants (id integer PRIMARY KEY);
CREATE TABLE projects (
    tenant_id integer NOT NULL REFERENCES tenants,
    id integer NOT NULL,
    name text,
    PRIMARY KEY (tenant_id, id)
);
CREATE TABLE tasks (
    tenant_id integer NOT NULL,
    project_id integer,
    id integer NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
