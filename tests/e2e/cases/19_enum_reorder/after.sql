CREATE TYPE size AS ENUM ('small', 'medium', 'large');
CREATE TABLE shirts (id integer PRIMARY KEY, sz size);
