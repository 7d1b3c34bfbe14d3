SELECT count(*), count(DISTINCT id), count(parent) FROM sessions;
