CREATE TABLE readings (sensor integer NOT NULL, at timestamptz NOT NULL, value double precision);
CREATE TABLE loose (code text);
