SELECT id FROM stays;
