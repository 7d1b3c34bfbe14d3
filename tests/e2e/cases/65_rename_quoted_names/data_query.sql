SELECT "Key", "New Value" FROM "New Table";
