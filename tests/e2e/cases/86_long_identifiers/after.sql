-- 63-byte names: the derived constraint and index names get truncated the
-- way PostgreSQL's makeObjectName does, and made unique with a digit
CREATE TABLE abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh (
    id integer PRIMARY KEY,
    column_with_a_rather_long_name_that_goes_on_and_on_and_on_xxxxx integer UNIQUE,
    column_with_a_rather_long_name_that_goes_on_and_on_and_on_yyyyy integer UNIQUE,
    other_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_ab integer CHECK (other_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_ab > 0)
);
CREATE INDEX ON abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh (column_with_a_rather_long_name_that_goes_on_and_on_and_on_xxxxx);
CREATE INDEX ON abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh (column_with_a_rather_long_name_that_goes_on_and_on_and_on_xxxxx);
CREATE TABLE child_of_a_table_with_a_long_name (
    parent_id integer REFERENCES abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh (id)
);
