CREATE TABLE scores (id integer PRIMARY KEY, player text NOT NULL, points integer, played timestamptz, note text);
CREATE INDEX scores_points_idx ON scores (points DESC NULLS LAST);
CREATE INDEX scores_player_played_idx ON scores (player ASC, played DESC);
CREATE INDEX scores_nulls_first_idx ON scores (played NULLS FIRST);
CREATE INDEX scores_desc_first_idx ON scores (points DESC NULLS FIRST, id);
CREATE INDEX scores_covering_idx ON scores (player) INCLUDE (points, note);
CREATE UNIQUE INDEX scores_unique_covering_idx ON scores (id) INCLUDE (player);
