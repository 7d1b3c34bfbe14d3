SELECT id, who, pg_typeof(who) FROM logins;
