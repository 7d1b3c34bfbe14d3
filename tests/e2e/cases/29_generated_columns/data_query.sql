SELECT id, area, perimeter, label FROM rectangles ORDER BY id;
