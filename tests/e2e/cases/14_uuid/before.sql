CREATE TABLE sessions (
    token text PRIMARY KEY
);
