SELECT id, c, alt FROM paints ORDER BY c, id;
