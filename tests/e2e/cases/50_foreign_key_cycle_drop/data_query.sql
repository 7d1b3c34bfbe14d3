SELECT id FROM players;
