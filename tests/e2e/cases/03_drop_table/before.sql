CREATE TABLE keep_me (id integer PRIMARY KEY, label text);
CREATE TABLE drop_me (id integer PRIMARY KEY, payload text NOT NULL);
CREATE INDEX drop_me_payload_idx ON drop_me (payload);
