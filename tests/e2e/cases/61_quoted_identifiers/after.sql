CREATE SCHEMA "Sales Dept";
CREATE TYPE "Sales Dept"."Deal State" AS ENUM ('Open', 'closed won', 'it''s lost');
CREATE TABLE "order" (
    id integer PRIMARY KEY,
    "user" text,
    "select" integer,
    "Total Amount" numeric(10,2),
    "camelCase" boolean DEFAULT true,
    "with""quote" text,
    "a,b" text,
    "UPPER" integer CHECK ("UPPER" > 0)
);
CREATE INDEX "order Idx" ON "order" ("Total Amount" DESC, "user");
CREATE TABLE "Sales Dept"."Deals" (
    "ID" integer PRIMARY KEY,
    "Order Ref" integer REFERENCES "order" (id),
    "State" "Sales Dept"."Deal State" NOT NULL DEFAULT 'Open',
    "from" date,
    CONSTRAINT "Deals Unique" UNIQUE ("Order Ref", "from")
);
COMMENT ON COLUMN "Sales Dept"."Deals"."State" IS 'Deal "state"';
CREATE SEQUENCE "Sales Dept"."Deal Numbers";
