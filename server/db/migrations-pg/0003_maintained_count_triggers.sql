-- Maintained counts (issue 12), PostgreSQL's counterpart of SQLite's 0004_maintained_counts: the same
-- backfill and the same triggers, as PL/pgSQL functions, so part_stock_total, stock_location_item_count
-- and table_row_count hold the same numbers on both backends after the same writes. Integer counts
-- move by one; a part's in-stock quantity is recounted for that part with the same SUM the lists used
-- before. The statuses are stock/status-codes.ts's available ones. Trigger names are SQLite's (the
-- schema-dialects test compares the two sets by name); the functions are PostgreSQL's alone.
-- AFTER … FOR EACH ROW triggers run at the end of their statement here (at once on SQLite); every
-- count is an increment of the latest row version or a recount, so the end state is the same.
-- Every write that changes a counted table updates one global table_row_count row: concurrent writers
-- queue on that row lock until commit (docs/data-layer.md, "Maintained counts on PostgreSQL").
CREATE FUNCTION bv_in_stock(status integer, quantity double precision, customer_id integer, sales_order_id integer) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(status IN (10, 50, 55, 85) AND quantity > 0 AND customer_id IS NULL AND sales_order_id IS NULL, false) $$;
--> statement-breakpoint
CREATE FUNCTION bv_part_in_stock(for_part integer) RETURNS double precision LANGUAGE sql STABLE
AS $$ SELECT coalesce(sum(s."quantity"), 0) FROM "stock_item" s WHERE s."part_id" = for_part AND s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL $$;
--> statement-breakpoint
INSERT INTO "part_stock_total"("part_id", "name", "items", "in_stock_items", "in_stock") SELECT p."id", p."name", (SELECT count(*) FROM "stock_item" s WHERE s."part_id" = p."id"), (SELECT count(*) FROM "stock_item" s WHERE s."part_id" = p."id" AND s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL), bv_part_in_stock(p."id") FROM "part" p;
--> statement-breakpoint
INSERT INTO "stock_location_item_count"("location_id", "items") SELECT l."id", (SELECT count(*) FROM "stock_item" s WHERE s."location_id" = l."id") FROM "stock_location" l;
--> statement-breakpoint
INSERT INTO "table_row_count"("name", "n") SELECT 'stock_item', count(*) FROM "stock_item" UNION ALL SELECT 'stock_tracking', count(*) FROM "stock_tracking" UNION ALL SELECT 'barcode_scan_result', count(*) FROM "barcode_scan_result" UNION ALL SELECT 'part_with_stock', count(*) FROM "part_stock_total" WHERE "in_stock" > 0;
--> statement-breakpoint
CREATE FUNCTION bv_count_part_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "part_stock_total"("part_id", "name") VALUES (NEW."id", NEW."name");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_part_insert" AFTER INSERT ON "part" FOR EACH ROW EXECUTE FUNCTION bv_count_part_insert();
--> statement-breakpoint
CREATE FUNCTION bv_count_part_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "part_stock_total" SET "name" = NEW."name" WHERE "part_id" = NEW."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_part_rename" AFTER UPDATE OF "name" ON "part" FOR EACH ROW EXECUTE FUNCTION bv_count_part_rename();
--> statement-breakpoint
CREATE FUNCTION bv_count_location_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stock_location_item_count"("location_id") VALUES (NEW."id");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_location_insert" AFTER INSERT ON "stock_location" FOR EACH ROW EXECUTE FUNCTION bv_count_location_insert();
--> statement-breakpoint
CREATE FUNCTION bv_count_stock_item_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted boolean := bv_in_stock(NEW."status", NEW."quantity", NEW."customer_id", NEW."sales_order_id");
BEGIN
  UPDATE "table_row_count" SET "n" = "n" + 1 WHERE "name" = 'stock_item';
  UPDATE "stock_location_item_count" SET "items" = "items" + 1 WHERE "location_id" = NEW."location_id";
  UPDATE "part_stock_total" SET "items" = "items" + 1, "in_stock_items" = "in_stock_items" + counted::integer,
    "in_stock" = CASE WHEN counted THEN bv_part_in_stock(NEW."part_id") ELSE "in_stock" END
    WHERE "part_id" = NEW."part_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_stock_item_insert" AFTER INSERT ON "stock_item" FOR EACH ROW EXECUTE FUNCTION bv_count_stock_item_insert();
--> statement-breakpoint
CREATE FUNCTION bv_count_stock_item_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted boolean := bv_in_stock(OLD."status", OLD."quantity", OLD."customer_id", OLD."sales_order_id");
BEGIN
  UPDATE "table_row_count" SET "n" = "n" - 1 WHERE "name" = 'stock_item';
  UPDATE "stock_location_item_count" SET "items" = "items" - 1 WHERE "location_id" = OLD."location_id";
  UPDATE "part_stock_total" SET "items" = "items" - 1, "in_stock_items" = "in_stock_items" - counted::integer,
    "in_stock" = CASE WHEN counted THEN bv_part_in_stock(OLD."part_id") ELSE "in_stock" END
    WHERE "part_id" = OLD."part_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_stock_item_delete" AFTER DELETE ON "stock_item" FOR EACH ROW EXECUTE FUNCTION bv_count_stock_item_delete();
--> statement-breakpoint
CREATE FUNCTION bv_count_stock_item_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_counted boolean := bv_in_stock(OLD."status", OLD."quantity", OLD."customer_id", OLD."sales_order_id");
  is_counted boolean := bv_in_stock(NEW."status", NEW."quantity", NEW."customer_id", NEW."sales_order_id");
  moved_part integer := (OLD."part_id" IS DISTINCT FROM NEW."part_id")::integer;
BEGIN
  IF OLD."location_id" IS DISTINCT FROM NEW."location_id" THEN
    UPDATE "stock_location_item_count" SET "items" = "items" - 1 WHERE "location_id" = OLD."location_id";
    UPDATE "stock_location_item_count" SET "items" = "items" + 1 WHERE "location_id" = NEW."location_id";
  END IF;
  UPDATE "part_stock_total" SET "items" = "items" - moved_part, "in_stock_items" = "in_stock_items" - was_counted::integer,
    "in_stock" = CASE WHEN was_counted THEN bv_part_in_stock(OLD."part_id") ELSE "in_stock" END
    WHERE "part_id" = OLD."part_id";
  UPDATE "part_stock_total" SET "items" = "items" + moved_part, "in_stock_items" = "in_stock_items" + is_counted::integer,
    "in_stock" = CASE WHEN is_counted THEN bv_part_in_stock(NEW."part_id") ELSE "in_stock" END
    WHERE "part_id" = NEW."part_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_stock_item_update" AFTER UPDATE OF "part_id", "location_id", "quantity", "status", "customer_id", "sales_order_id" ON "stock_item" FOR EACH ROW EXECUTE FUNCTION bv_count_stock_item_update();
--> statement-breakpoint
-- One function for the plain row counts: the counted name is the trigger's argument.
CREATE FUNCTION bv_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "table_row_count" SET "n" = "n" + (CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END) WHERE "name" = TG_ARGV[0];
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_tracking_insert" AFTER INSERT ON "stock_tracking" FOR EACH ROW EXECUTE FUNCTION bv_count_rows('stock_tracking');
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_tracking_delete" AFTER DELETE ON "stock_tracking" FOR EACH ROW EXECUTE FUNCTION bv_count_rows('stock_tracking');
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_scan_insert" AFTER INSERT ON "barcode_scan_result" FOR EACH ROW EXECUTE FUNCTION bv_count_rows('barcode_scan_result');
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_scan_delete" AFTER DELETE ON "barcode_scan_result" FOR EACH ROW EXECUTE FUNCTION bv_count_rows('barcode_scan_result');
--> statement-breakpoint
CREATE FUNCTION bv_count_part_with_stock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_positive boolean := false;
  is_positive boolean := false;
BEGIN
  IF TG_OP <> 'INSERT' THEN was_positive := OLD."in_stock" > 0; END IF;
  IF TG_OP <> 'DELETE' THEN is_positive := NEW."in_stock" > 0; END IF;
  IF was_positive <> is_positive THEN
    UPDATE "table_row_count" SET "n" = "n" + (CASE WHEN is_positive THEN 1 ELSE -1 END) WHERE "name" = 'part_with_stock';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_part_with_stock_update" AFTER UPDATE OF "in_stock" ON "part_stock_total" FOR EACH ROW EXECUTE FUNCTION bv_count_part_with_stock();
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_part_with_stock_insert" AFTER INSERT ON "part_stock_total" FOR EACH ROW EXECUTE FUNCTION bv_count_part_with_stock();
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_part_with_stock_delete" AFTER DELETE ON "part_stock_total" FOR EACH ROW EXECUTE FUNCTION bv_count_part_with_stock();
