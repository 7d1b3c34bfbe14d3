CREATE TABLE words (id integer PRIMARY KEY, word text NOT NULL, word_c text COLLATE "C", score integer);
CREATE INDEX words_score_idx ON words (score);
