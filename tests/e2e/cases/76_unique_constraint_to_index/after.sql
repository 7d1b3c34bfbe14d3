CREATE TABLE codes (id integer PRIMARY KEY, code text, alt text);
CREATE UNIQUE INDEX codes_code_key ON codes (code);
ALTER TABLE codes ADD CONSTRAINT codes_alt_key UNIQUE (alt);
