CREATE TABLE "New Table" (
    "Key" integer PRIMARY KEY,
    "New Value" text
);
