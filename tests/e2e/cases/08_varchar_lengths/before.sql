CREATE TABLE contacts (
    id integer PRIMARY KEY,
    code char(3) NOT NULL,
    name varchar(20) NOT NULL,
    note varchar(50),
    city character varying(10)
);
