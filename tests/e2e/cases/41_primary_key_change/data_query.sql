SELECT org, username, id FROM members ORDER BY org, username;
