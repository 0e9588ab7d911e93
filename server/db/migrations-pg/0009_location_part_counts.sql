-- Stock items per (location, part) with the part's name (issue 12): PostgreSQL's counterpart of
-- SQLite's 0008_location_part_counts, the same backfill and triggers as PL/pgSQL functions (trigger
-- names are SQLite's). A pair's row exists while it has items; the upsert waits on a concurrent
-- delete of the row and then inserts it anew, so concurrent moves never lose a count.
CREATE TABLE "stock_location_part_count" (
	"location_id" integer NOT NULL,
	"part_id" integer NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"items" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stock_location_part_count_location_id_part_id_pk" PRIMARY KEY("location_id","part_id")
);
--> statement-breakpoint
ALTER TABLE "stock_location_part_count" ADD CONSTRAINT "stock_location_part_count_location_id_stock_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_location_part_count" ADD CONSTRAINT "stock_location_part_count_part_id_part_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."part"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_location_part_count_name_idx" ON "stock_location_part_count" USING btree ("location_id" NULLS FIRST,"name" NULLS FIRST);--> statement-breakpoint
CREATE INDEX "stock_location_part_count_part_idx" ON "stock_location_part_count" USING btree ("part_id" NULLS FIRST);--> statement-breakpoint
INSERT INTO "stock_location_part_count"("location_id", "part_id", "name", "items") SELECT s."location_id", s."part_id", p."name", count(*) FROM "stock_item" s JOIN "part" p ON p."id" = s."part_id" WHERE s."location_id" IS NOT NULL GROUP BY s."location_id", s."part_id", p."name";
--> statement-breakpoint
CREATE FUNCTION bv_count_location_part() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD."location_id" IS NOT NULL THEN
    UPDATE "stock_location_part_count" SET "items" = "items" - 1 WHERE "location_id" = OLD."location_id" AND "part_id" = OLD."part_id";
    DELETE FROM "stock_location_part_count" WHERE "location_id" = OLD."location_id" AND "part_id" = OLD."part_id" AND "items" <= 0;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."location_id" IS NOT NULL THEN
    INSERT INTO "stock_location_part_count"("location_id", "part_id", "name", "items") SELECT NEW."location_id", NEW."part_id", p."name", 1 FROM "part" p WHERE p."id" = NEW."part_id"
      ON CONFLICT ("location_id", "part_id") DO UPDATE SET "items" = "stock_location_part_count"."items" + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_location_part_insert" AFTER INSERT ON "stock_item" FOR EACH ROW EXECUTE FUNCTION bv_count_location_part();
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_location_part_delete" AFTER DELETE ON "stock_item" FOR EACH ROW EXECUTE FUNCTION bv_count_location_part();
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_location_part_update" AFTER UPDATE OF "location_id", "part_id" ON "stock_item" FOR EACH ROW
  WHEN (OLD."location_id" IS DISTINCT FROM NEW."location_id" OR OLD."part_id" IS DISTINCT FROM NEW."part_id") EXECUTE FUNCTION bv_count_location_part();
--> statement-breakpoint
CREATE FUNCTION bv_count_location_part_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "stock_location_part_count" SET "name" = NEW."name" WHERE "part_id" = NEW."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "maintained_counts_location_part_rename" AFTER UPDATE OF "name" ON "part" FOR EACH ROW EXECUTE FUNCTION bv_count_location_part_rename();
