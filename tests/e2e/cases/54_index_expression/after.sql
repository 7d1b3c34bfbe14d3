CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, first text, last text, data jsonb, created timestamptz);
CREATE UNIQUE INDEX users_lower_email_idx ON users (lower(email));
CREATE INDEX users_full_name_idx ON users ((first || ' ' || last));
CREATE INDEX users_data_kind_idx ON users ((data->>'kind'), id);
CREATE INDEX users_created_day_idx ON users (date_trunc('day', created AT TIME ZONE 'UTC'));
CREATE INDEX ON users (upper(last));
