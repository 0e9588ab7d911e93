-- Maintained counts of open orders (issue 12): `outstanding=true` (and `=false`, the rest) PO and SO
-- lists read their total from table_row_count instead of counting their matches (1,500 of 5,000 orders
-- at the scale suite's 1M). The statuses are the OPEN groups of db/schema/order.ts (PO_OPEN_STATUSES,
-- SO_OPEN_STATUSES); server/db/maintained-counts.ts rebuilds and checks these counts from the same list.
INSERT INTO `table_row_count`(`name`, `n`) SELECT 'purchase_order_open', count(*) FROM `purchase_order` WHERE `status` IN (10, 20, 25) UNION ALL SELECT 'sales_order_open', count(*) FROM `sales_order` WHERE `status` IN (10, 25, 15);
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_purchase_order_open_insert` AFTER INSERT ON `purchase_order` WHEN new."status" IN (10, 20, 25) BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'purchase_order_open';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_purchase_order_open_delete` AFTER DELETE ON `purchase_order` WHEN old."status" IN (10, 20, 25) BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'purchase_order_open';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_purchase_order_open_update` AFTER UPDATE OF `status` ON `purchase_order` WHEN (old."status" IN (10, 20, 25)) <> (new."status" IN (10, 20, 25)) BEGIN
  UPDATE `table_row_count` SET `n` = `n` + (CASE WHEN new."status" IN (10, 20, 25) THEN 1 ELSE -1 END) WHERE `name` = 'purchase_order_open';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_sales_order_open_insert` AFTER INSERT ON `sales_order` WHEN new."status" IN (10, 25, 15) BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'sales_order_open';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_sales_order_open_delete` AFTER DELETE ON `sales_order` WHEN old."status" IN (10, 25, 15) BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'sales_order_open';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_sales_order_open_update` AFTER UPDATE OF `status` ON `sales_order` WHEN (old."status" IN (10, 25, 15)) <> (new."status" IN (10, 25, 15)) BEGIN
  UPDATE `table_row_count` SET `n` = `n` + (CASE WHEN new."status" IN (10, 25, 15) THEN 1 ELSE -1 END) WHERE `name` = 'sales_order_open';
END;
