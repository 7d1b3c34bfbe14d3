SELECT id, full_name FROM people;
