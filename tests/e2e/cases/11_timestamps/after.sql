CREATE TABLE events (
    id integer PRIMARY KEY,
    happened timestamp without time zone,
    logged timestamp with time zone NOT NULL DEFAULT now(),
    precise timestamp(3) with time zone,
    coarse timestamp(0) without time zone,
    day date,
    at_time time,
    at_time_tz time with time zone,
    short_time time(2),
    duration interval,
    duration_hours interval hour to minute
);
