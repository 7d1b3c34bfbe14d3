CREATE TYPE size AS ENUM ('large', 'small', 'medium');
CREATE TABLE shirts (id integer PRIMARY KEY, sz size);
