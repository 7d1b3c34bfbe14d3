CREATE TABLE page_visits (
    id bigint PRIMARY KEY,
    hits bigint NOT NULL DEFAULT 0,
    url text NOT NULL
);
CREATE INDEX visits_page_idx ON page_visits (url);
