CREATE TABLE visits (
    id integer PRIMARY KEY,
    cnt smallint NOT NULL DEFAULT 0,
    page varchar(20) NOT NULL
);
CREATE INDEX visits_page_idx ON visits (page);
