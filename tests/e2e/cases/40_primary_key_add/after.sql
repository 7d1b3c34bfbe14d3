CREATE TABLE readings (
    sensor integer NOT NULL,
    at timestamptz NOT NULL,
    value double precision,
    PRIMARY KEY (sensor, at)
);
CREATE TABLE loose (code text PRIMARY KEY);
