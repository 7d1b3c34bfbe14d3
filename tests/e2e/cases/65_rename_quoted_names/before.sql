CREATE TABLE "Old Table" (
    "Key" integer PRIMARY KEY,
    "Old Value" text
);
