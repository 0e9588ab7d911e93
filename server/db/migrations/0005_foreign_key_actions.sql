-- Migration 0001 added three foreign keys with `ALTER TABLE … ADD … REFERENCES t(id)`, which drizzle-kit
-- writes without the ON DELETE action the schema declares, so SQLite had NO ACTION where the schema
-- (and PostgreSQL) say SET NULL / CASCADE, and deleting the referenced row failed.
--
-- SQLite's route for a change that moves no data, editing the CREATE TABLE text under
-- `PRAGMA writable_schema`, is closed here: Bun's SQLite runs in defensive mode (writable_schema stays
-- 0, "table sqlite_master may not be modified"). A whole-table rebuild is closed too: drizzle runs the
-- migrations in one transaction, where foreign_keys cannot be turned off, and dropping or renaming
-- supplier_part or sales_order_shipment with them on would run (or rewrite) their children's foreign
-- keys. So each column is replaced in place, which SQLite allows with foreign keys on: add the column
-- again with its action, copy the values (the foreign key checks each one), drop the old column (and the one index on
-- it, re-created as it was),
-- give the new one the old name. The three are each their table's last column, so the column order
-- stays as it was. The last statements check the result; a CHECK failure rolls the migration back.
ALTER TABLE `sales_order_shipment` ADD `checked_by_id_new` integer REFERENCES `user`(`id`) ON DELETE SET NULL;
--> statement-breakpoint
UPDATE `sales_order_shipment` SET `checked_by_id_new` = `checked_by_id` WHERE `checked_by_id` IS NOT NULL;
--> statement-breakpoint
ALTER TABLE `sales_order_shipment` DROP COLUMN `checked_by_id`;
--> statement-breakpoint
ALTER TABLE `sales_order_shipment` RENAME COLUMN `checked_by_id_new` TO `checked_by_id`;
--> statement-breakpoint
ALTER TABLE `supplier_part` ADD `manufacturer_part_id_new` integer REFERENCES `manufacturer_part`(`id`) ON DELETE SET NULL;
--> statement-breakpoint
UPDATE `supplier_part` SET `manufacturer_part_id_new` = `manufacturer_part_id` WHERE `manufacturer_part_id` IS NOT NULL;
--> statement-breakpoint
DROP INDEX `supplier_part_manufacturer_part_idx`;
--> statement-breakpoint
ALTER TABLE `supplier_part` DROP COLUMN `manufacturer_part_id`;
--> statement-breakpoint
ALTER TABLE `supplier_part` RENAME COLUMN `manufacturer_part_id_new` TO `manufacturer_part_id`;
--> statement-breakpoint
CREATE INDEX `supplier_part_manufacturer_part_idx` ON `supplier_part` (`manufacturer_part_id`);
--> statement-breakpoint
ALTER TABLE `stock_test_result` ADD `template_id_new` integer REFERENCES `part_test_template`(`id`) ON DELETE CASCADE;
--> statement-breakpoint
UPDATE `stock_test_result` SET `template_id_new` = `template_id` WHERE `template_id` IS NOT NULL;
--> statement-breakpoint
ALTER TABLE `stock_test_result` DROP COLUMN `template_id`;
--> statement-breakpoint
ALTER TABLE `stock_test_result` RENAME COLUMN `template_id_new` TO `template_id`;
--> statement-breakpoint
CREATE TEMP TABLE `__foreign_key_actions_check` (`ok` integer NOT NULL CHECK (`ok` = 1));
--> statement-breakpoint
INSERT INTO `__foreign_key_actions_check` (`ok`) SELECT
  (SELECT group_concat(quick_check) FROM pragma_quick_check) = 'ok'
  AND (SELECT on_delete FROM pragma_foreign_key_list('sales_order_shipment') WHERE "from" = 'checked_by_id') = 'SET NULL'
  AND (SELECT on_delete FROM pragma_foreign_key_list('supplier_part') WHERE "from" = 'manufacturer_part_id') = 'SET NULL'
  AND (SELECT on_delete FROM pragma_foreign_key_list('stock_test_result') WHERE "from" = 'template_id') = 'CASCADE'
  AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_check('sales_order_shipment'))
  AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_check('supplier_part'))
  AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_check('stock_test_result'));
--> statement-breakpoint
DROP TABLE `__foreign_key_actions_check`;
