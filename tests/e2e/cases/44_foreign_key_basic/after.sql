CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (
    id integer PRIMARY KEY,
    title text NOT NULL,
    author_id integer REFERENCES authors (id),
    editor_id integer REFERENCES authors
);
CREATE TABLE reviews (
    id integer PRIMARY KEY,
    book_id integer NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    stars smallint NOT NULL
);
