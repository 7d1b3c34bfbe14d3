CREATE TABLE words (id integer PRIMARY KEY, word text NOT NULL, word_c text COLLATE "C", score integer);
CREATE INDEX words_score_idx ON words (score) WITH (fillfactor = 70);
CREATE INDEX words_prefix_idx ON words (word text_pattern_ops);
CREATE INDEX words_c_idx ON words (word COLLATE "C");
CREATE INDEX words_posix_desc_idx ON words (word COLLATE "POSIX" DESC);
CREATE INDEX words_lower_pattern_idx ON words (lower(word) text_pattern_ops);
