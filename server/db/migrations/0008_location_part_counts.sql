-- Stock items per (location, part) with the part's name (issue 12): a location's stock list in part
-- name order walks the location's parts by name (stock_location_part_count_name_idx) instead of
-- grouping and sorting all of its items. Kept by the triggers below in the statement that changes a
-- row, as migration 0004's counts are; a pair's row exists while it has items. The update trigger
-- also sees the SET NULL of a deleted location. server/db/maintained-counts.ts rebuilds them the same way.
CREATE TABLE `stock_location_part_count` (
	`location_id` integer NOT NULL,
	`part_id` integer NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`location_id`, `part_id`),
	FOREIGN KEY (`location_id`) REFERENCES `stock_location`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`part_id`) REFERENCES `part`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stock_location_part_count_name_idx` ON `stock_location_part_count` (`location_id`,`name`);--> statement-breakpoint
CREATE INDEX `stock_location_part_count_part_idx` ON `stock_location_part_count` (`part_id`);--> statement-breakpoint
INSERT INTO `stock_location_part_count`(`location_id`, `part_id`, `name`, `items`) SELECT s."location_id", s."part_id", p."name", count(*) FROM `stock_item` s JOIN `part` p ON p."id" = s."part_id" WHERE s."location_id" IS NOT NULL GROUP BY s."location_id", s."part_id";
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_location_part_insert` AFTER INSERT ON `stock_item` WHEN new."location_id" IS NOT NULL BEGIN
  INSERT INTO `stock_location_part_count`(`location_id`, `part_id`, `name`, `items`) SELECT new."location_id", new."part_id", p."name", 1 FROM `part` p WHERE p."id" = new."part_id"
    ON CONFLICT(`location_id`, `part_id`) DO UPDATE SET `items` = `items` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_location_part_delete` AFTER DELETE ON `stock_item` WHEN old."location_id" IS NOT NULL BEGIN
  UPDATE `stock_location_part_count` SET `items` = `items` - 1 WHERE `location_id` = old."location_id" AND `part_id` = old."part_id";
  DELETE FROM `stock_location_part_count` WHERE `location_id` = old."location_id" AND `part_id` = old."part_id" AND `items` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_location_part_update` AFTER UPDATE OF `location_id`, `part_id` ON `stock_item` WHEN old."location_id" IS NOT new."location_id" OR old."part_id" IS NOT new."part_id" BEGIN
  UPDATE `stock_location_part_count` SET `items` = `items` - 1 WHERE `location_id` = old."location_id" AND `part_id` = old."part_id";
  DELETE FROM `stock_location_part_count` WHERE `location_id` = old."location_id" AND `part_id` = old."part_id" AND `items` <= 0;
  INSERT INTO `stock_location_part_count`(`location_id`, `part_id`, `name`, `items`) SELECT new."location_id", new."part_id", p."name", 1 FROM `part` p WHERE p."id" = new."part_id" AND new."location_id" IS NOT NULL
    ON CONFLICT(`location_id`, `part_id`) DO UPDATE SET `items` = `items` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_location_part_rename` AFTER UPDATE OF `name` ON `part` BEGIN
  UPDATE `stock_location_part_count` SET `name` = new."name" WHERE `part_id` = new."id";
END;
