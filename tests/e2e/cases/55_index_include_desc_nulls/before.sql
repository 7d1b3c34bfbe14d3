CREATE TABLE scores (id integer PRIMARY KEY, player text NOT NULL, points integer, played timestamptz, note text);
CREATE INDEX scores_points_idx ON scores (points);
