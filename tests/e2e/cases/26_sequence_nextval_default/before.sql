CREATE TABLE invoices (number bigint PRIMARY KEY, customer text NOT NULL);
