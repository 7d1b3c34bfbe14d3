CREATE TABLE tokens (id bigint PRIMARY KEY, value text);
CREATE SEQUENCE tokens_id_seq;
ALTER SEQUENCE tokens_id_seq OWNED BY tokens.id;
ALTER TABLE tokens ALTER COLUMN id SET DEFAULT nextval('tokens_id_seq');
