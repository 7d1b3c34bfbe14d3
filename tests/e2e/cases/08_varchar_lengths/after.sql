CREATE TABLE contacts (
    id integer PRIMARY KEY,
    code char(3) NOT NULL,
    name varchar(200) NOT NULL,
    note text,
    city character varying
);
