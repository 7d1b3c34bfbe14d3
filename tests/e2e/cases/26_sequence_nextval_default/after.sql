CREATE SEQUENCE invoice_numbers START WITH 1000 INCREMENT BY 10;
CREATE TABLE invoices (
    number bigint PRIMARY KEY DEFAULT nextval('invoice_numbers'),
    customer text NOT NULL
);
