SELECT count(*) FROM codes;
