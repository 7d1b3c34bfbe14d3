SELECT id, x, y FROM points;
