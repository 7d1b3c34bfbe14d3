-- columns dropped and re-added in the before database leave holes in attnum
CREATE TABLE t (a integer PRIMARY KEY, gone1 text, b text, gone2 int, c date);
ALTER TABLE t DROP COLUMN gone1;
ALTER TABLE t DROP COLUMN gone2;
ALTER TABLE t ADD COLUMN d numeric(4,1) DEFAULT 1.5;
