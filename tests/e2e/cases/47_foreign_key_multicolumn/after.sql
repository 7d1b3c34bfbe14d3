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
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) MATCH FULL ON DELETE CASCADE
);
CREATE TABLE task_links (
    tenant_id integer NOT NULL,
    from_id integer NOT NULL,
    to_id integer NOT NULL,
    PRIMARY KEY (tenant_id, from_id, to_id),
    CONSTRAINT task_links_from FOREIGN KEY (tenant_id, from_id) REFERENCES tasks (tenant_id, id),
    CONSTRAINT task_links_to FOREIGN KEY (tenant_id, to_id) REFERENCES tasks
);
