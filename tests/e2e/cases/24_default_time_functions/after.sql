CREATE TABLE stamps (
    id integer PRIMARY KEY,
    a timestamptz DEFAULT now(),
    b timestamptz DEFAULT CURRENT_TIMESTAMP,
    c date DEFAULT CURRENT_DATE,
    d timestamp DEFAULT LOCALTIMESTAMP,
    e timestamptz DEFAULT clock_timestamp(),
    f timestamptz DEFAULT (now() + interval '1 day'),
    g text DEFAULT CURRENT_USER
);
