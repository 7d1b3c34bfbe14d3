CREATE TABLE codes (id integer PRIMARY KEY, code text, alt text);
ALTER TABLE codes ADD CONSTRAINT codes_code_key UNIQUE (code);
CREATE UNIQUE INDEX codes_alt_key ON codes (alt);
