CREATE TABLE `stock_location_item_count` (
	`location_id` integer PRIMARY KEY NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`location_id`) REFERENCES `stock_location`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `part_stock_total` (
	`part_id` integer PRIMARY KEY NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	`in_stock_items` integer DEFAULT 0 NOT NULL,
	`in_stock` real DEFAULT 0 NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`part_id`) REFERENCES `part`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `part_stock_total_in_stock_desc_idx` ON `part_stock_total` ("in_stock" DESC);--> statement-breakpoint
CREATE INDEX `part_stock_total_name_idx` ON `part_stock_total` (`name`) WHERE "part_stock_total"."items" > 0;--> statement-breakpoint
CREATE INDEX `part_stock_total_in_stock_name_idx` ON `part_stock_total` (`name`) WHERE "part_stock_total"."in_stock_items" > 0;--> statement-breakpoint
CREATE TABLE `table_row_count` (
	`name` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `part_category_idx`;--> statement-breakpoint
CREATE INDEX `part_category_name_idx` ON `part` (`category_id`,`name`);--> statement-breakpoint
DROP INDEX `stock_item_location_idx`;--> statement-breakpoint
CREATE INDEX `stock_item_location_part_idx` ON `stock_item` (`location_id`,`part_id`);--> statement-breakpoint
CREATE INDEX `stock_item_quantity_desc_idx` ON `stock_item` ("quantity" DESC);--> statement-breakpoint
CREATE INDEX `sales_order_line_part_idx` ON `sales_order_line` (`part_id`);--> statement-breakpoint
-- Maintained counts (issue 12): per-part stock numbers, per-location item counts and the row
-- counts of stock_item, stock_tracking and barcode_scan_result and the number of parts with
-- stock, kept exact by the triggers below in the statement that
-- changes a row, so every write path (API, orders, plugins, cascades) keeps them. Integer counts
-- move by one; a part's in-stock quantity is recounted for that part with the same SUM the lists
-- used before, so it is the same number. The statuses are stock/status-codes.ts's available ones,
-- as in stock_item_part_in_stock_idx. server/db/maintained-counts.ts rebuilds them the same way.
INSERT INTO `part_stock_total`(`part_id`, `name`, `items`, `in_stock_items`, `in_stock`) SELECT p."id", p."name", (SELECT count(*) FROM `stock_item` s WHERE s."part_id" = p."id"), (SELECT count(*) FROM `stock_item` s WHERE s."part_id" = p."id" AND s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL), (SELECT coalesce(sum(s."quantity"), 0) FROM `stock_item` s WHERE s."part_id" = p."id" AND s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL) FROM `part` p;
--> statement-breakpoint
INSERT INTO `stock_location_item_count`(`location_id`, `items`) SELECT l."id", (SELECT count(*) FROM `stock_item` s WHERE s."location_id" = l."id") FROM `stock_location` l;
--> statement-breakpoint
INSERT INTO `table_row_count`(`name`, `n`) SELECT 'stock_item', count(*) FROM `stock_item` UNION ALL SELECT 'stock_tracking', count(*) FROM `stock_tracking` UNION ALL SELECT 'barcode_scan_result', count(*) FROM `barcode_scan_result` UNION ALL SELECT 'part_with_stock', count(*) FROM `part_stock_total` WHERE `in_stock` > 0;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_part_insert` AFTER INSERT ON `part` BEGIN
  INSERT INTO `part_stock_total`(`part_id`, `name`) VALUES (new."id", new."name");
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_part_rename` AFTER UPDATE OF `name` ON `part` BEGIN
  UPDATE `part_stock_total` SET `name` = new."name" WHERE `part_id` = new."id";
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_location_insert` AFTER INSERT ON `stock_location` BEGIN
  INSERT INTO `stock_location_item_count`(`location_id`) VALUES (new."id");
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_stock_item_insert` AFTER INSERT ON `stock_item` BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'stock_item';
  UPDATE `stock_location_item_count` SET `items` = `items` + 1 WHERE `location_id` = new."location_id";
  UPDATE `part_stock_total` SET `items` = `items` + 1, `in_stock_items` = `in_stock_items` + (new."status" IN (10, 50, 55, 85) AND new."quantity" > 0 AND new."customer_id" IS NULL AND new."sales_order_id" IS NULL),
    `in_stock` = CASE WHEN new."status" IN (10, 50, 55, 85) AND new."quantity" > 0 AND new."customer_id" IS NULL AND new."sales_order_id" IS NULL THEN (SELECT coalesce(sum(s."quantity"), 0) FROM `stock_item` s WHERE s."part_id" = new."part_id" AND s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL) ELSE `in_stock` END
    WHERE `part_id` = new."part_id";
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_stock_item_delete` AFTER DELETE ON `stock_item` BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'stock_item';
  UPDATE `stock_location_item_count` SET `items` = `items` - 1 WHERE `location_id` = old."location_id";
  UPDATE `part_stock_total` SET `items` = `items` - 1, `in_stock_items` = `in_stock_items` - (old."status" IN (10, 50, 55, 85) AND old."quantity" > 0 AND old."customer_id" IS NULL AND old."sales_order_id" IS NULL),
    `in_stock` = CASE WHEN old."status" IN (10, 50, 55, 85) AND old."quantity" > 0 AND old."customer_id" IS NULL AND old."sales_order_id" IS NULL THEN (SELECT coalesce(sum(s."quantity"), 0) FROM `stock_item` s WHERE s."part_id" = old."part_id" AND s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL) ELSE `in_stock` END
    WHERE `part_id` = old."part_id";
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_stock_item_update` AFTER UPDATE OF `part_id`, `location_id`, `quantity`, `status`, `customer_id`, `sales_order_id` ON `stock_item` BEGIN
  UPDATE `stock_location_item_count` SET `items` = `items` - 1 WHERE `location_id` = old."location_id" AND old."location_id" IS NOT new."location_id";
  UPDATE `stock_location_item_count` SET `items` = `items` + 1 WHERE `location_id` = new."location_id" AND old."location_id" IS NOT new."location_id";
  UPDATE `part_stock_total` SET `items` = `items` - (old."part_id" != new."part_id"), `in_stock_items` = `in_stock_items` - (old."status" IN (10, 50, 55, 85) AND old."quantity" > 0 AND old."customer_id" IS NULL AND old."sales_order_id" IS NULL),
    `in_stock` = CASE WHEN old."status" IN (10, 50, 55, 85) AND old."quantity" > 0 AND old."customer_id" IS NULL AND old."sales_order_id" IS NULL THEN (SELECT coalesce(sum(s."quantity"), 0) FROM `stock_item` s WHERE s."part_id" = old."part_id" AND s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL) ELSE `in_stock` END
    WHERE `part_id` = old."part_id";
  UPDATE `part_stock_total` SET `items` = `items` + (old."part_id" != new."part_id"), `in_stock_items` = `in_stock_items` + (new."status" IN (10, 50, 55, 85) AND new."quantity" > 0 AND new."customer_id" IS NULL AND new."sales_order_id" IS NULL),
    `in_stock` = CASE WHEN new."status" IN (10, 50, 55, 85) AND new."quantity" > 0 AND new."customer_id" IS NULL AND new."sales_order_id" IS NULL THEN (SELECT coalesce(sum(s."quantity"), 0) FROM `stock_item` s WHERE s."part_id" = new."part_id" AND s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL) ELSE `in_stock` END
    WHERE `part_id` = new."part_id";
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_tracking_insert` AFTER INSERT ON `stock_tracking` BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'stock_tracking';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_tracking_delete` AFTER DELETE ON `stock_tracking` BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'stock_tracking';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_scan_insert` AFTER INSERT ON `barcode_scan_result` BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'barcode_scan_result';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_scan_delete` AFTER DELETE ON `barcode_scan_result` BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'barcode_scan_result';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_part_with_stock_update` AFTER UPDATE OF `in_stock` ON `part_stock_total` WHEN (old."in_stock" > 0) != (new."in_stock" > 0) BEGIN
  UPDATE `table_row_count` SET `n` = `n` + (CASE WHEN new."in_stock" > 0 THEN 1 ELSE -1 END) WHERE `name` = 'part_with_stock';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_part_with_stock_insert` AFTER INSERT ON `part_stock_total` WHEN new."in_stock" > 0 BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'part_with_stock';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_part_with_stock_delete` AFTER DELETE ON `part_stock_total` WHEN old."in_stock" > 0 BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'part_with_stock';
END;
