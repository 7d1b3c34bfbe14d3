INSERT INTO widgets VALUES ('sprocket'), ('cog');
