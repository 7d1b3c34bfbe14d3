INSERT INTO "Sales Dept"."Deals" ("ID", "Order Ref") VALUES (9, 2);
SELECT o.id, o."camelCase", d."State" FROM "order" o LEFT JOIN "Sales Dept"."Deals" d ON d."Order Ref" = o.id ORDER BY o.id;
