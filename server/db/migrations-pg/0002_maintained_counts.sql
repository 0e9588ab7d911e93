CREATE TABLE "stock_location_item_count" (
	"location_id" integer PRIMARY KEY NOT NULL,
	"items" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_stock_total" (
	"part_id" integer PRIMARY KEY NOT NULL,
	"items" integer DEFAULT 0 NOT NULL,
	"in_stock_items" integer DEFAULT 0 NOT NULL,
	"in_stock" double precision DEFAULT 0 NOT NULL,
	"name" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "table_row_count" (
	"name" text PRIMARY KEY NOT NULL,
	"n" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX "part_category_idx";--> statement-breakpoint
DROP INDEX "stock_item_location_idx";--> statement-breakpoint
ALTER TABLE "stock_location_item_count" ADD CONSTRAINT "stock_location_item_count_location_id_stock_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stock_total" ADD CONSTRAINT "part_stock_total_part_id_part_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."part"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "part_stock_total_in_stock_desc_idx" ON "part_stock_total" USING btree ("in_stock" DESC);--> statement-breakpoint
CREATE INDEX "part_stock_total_name_idx" ON "part_stock_total" USING btree ("name") WHERE "part_stock_total"."items" > 0;--> statement-breakpoint
CREATE INDEX "part_stock_total_in_stock_name_idx" ON "part_stock_total" USING btree ("name") WHERE "part_stock_total"."in_stock_items" > 0;--> statement-breakpoint
CREATE INDEX "part_category_name_idx" ON "part" USING btree ("category_id","name");--> statement-breakpoint
CREATE INDEX "sales_order_line_part_idx" ON "sales_order_line" USING btree ("part_id");--> statement-breakpoint
CREATE INDEX "stock_item_location_part_idx" ON "stock_item" USING btree ("location_id","part_id");--> statement-breakpoint
CREATE INDEX "stock_item_quantity_desc_idx" ON "stock_item" USING btree ("quantity" DESC);