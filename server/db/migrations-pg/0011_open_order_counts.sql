-- Maintained counts of open orders (issue 12), PostgreSQL's counterpart of SQLite's 0010_open_order_counts (trigger names are SQLite's): `outstanding=true` (and `=false`, the rest) PO and SO
-- lists read their total from table_row_count instead of counting their matches (1,500 of 5,000 orders
-- at the scale suite's 1M). The statuses are the OPEN groups of db/schema/order.ts (PO_OPEN_STATUSES,
-- SO_OPEN_STATUSES); server/db/maintained-counts.ts rebuilds and checks these counts from the same list.
INSERT INTO "table_row_count"("name", "n") SELECT 'purchase_order_open', count(*) FROM "purchase_order" WHERE "status" IN (10, 20, 25) UNION ALL SELECT 'sales_order_open', count(*) FROM "sales_order" WHERE "status" IN (10, 25, 15);
--> statement-breakpoint
CREATE FUNCTION bv_count_open_orders() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  open_statuses integer[] := TG_ARGV[1]::integer[];
  was_open boolean := false;
  is_open boolean := false;
BEGIN
  IF TG_OP <> 'INSERT' THEN was_open := OLD."status" = ANY(open_statuses); END IF;
  IF TG_OP <> 'DELETE' THEN is_open := NEW."status" = ANY(open_statuses); END IF;
  IF was_open <> is_open THEN
    UPDATE "table_row_count" SET "n" = "n" + (CASE WHEN is_open THEN 1 ELSE -1 END) WHERE "name" = TG_ARGV[0];
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_purchase_order_open_insert" AFTER INSERT ON "purchase_order" FOR EACH ROW EXECUTE FUNCTION bv_count_open_orders('purchase_order_open', '{10,20,25}');
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_purchase_order_open_delete" AFTER DELETE ON "purchase_order" FOR EACH ROW EXECUTE FUNCTION bv_count_open_orders('purchase_order_open', '{10,20,25}');
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_purchase_order_open_update" AFTER UPDATE OF "status" ON "purchase_order" FOR EACH ROW EXECUTE FUNCTION bv_count_open_orders('purchase_order_open', '{10,20,25}');
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_sales_order_open_insert" AFTER INSERT ON "sales_order" FOR EACH ROW EXECUTE FUNCTION bv_count_open_orders('sales_order_open', '{10,25,15}');
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_sales_order_open_delete" AFTER DELETE ON "sales_order" FOR EACH ROW EXECUTE FUNCTION bv_count_open_orders('sales_order_open', '{10,25,15}');
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_sales_order_open_update" AFTER UPDATE OF "status" ON "sales_order" FOR EACH ROW EXECUTE FUNCTION bv_count_open_orders('sales_order_open', '{10,25,15}');
