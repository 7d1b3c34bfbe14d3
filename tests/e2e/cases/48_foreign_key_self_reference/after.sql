CREATE TABLE employees (
    id integer PRIMARY KEY,
    name text NOT NULL,
    manager_id integer REFERENCES employees (id) ON DELETE SET NULL,
    mentor_id integer,
    CONSTRAINT employees_mentor_fk FOREIGN KEY (mentor_id) REFERENCES employees
);
CREATE TABLE categories (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES categories,
    name text NOT NULL,
    UNIQUE (parent_id, name)
);
