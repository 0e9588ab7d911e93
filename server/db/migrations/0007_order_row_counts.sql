-- Maintained row counts of the order tables (issue 12): the unfiltered PO, PO-line, SO and SO-line
-- lists read their total from table_row_count instead of counting the table (on PostgreSQL a count
-- is a scan of the pkey index: 3 ms for 20,000 SO lines at the scale suite's 1M items). Kept by
-- triggers as 0004's row counts are, so every write path (API, cascades from an order's delete,
-- copy-db, plugins) keeps them; server/db/maintained-counts.ts rebuilds and checks them.
INSERT INTO `table_row_count`(`name`, `n`) SELECT 'purchase_order', count(*) FROM `purchase_order` UNION ALL SELECT 'purchase_order_line', count(*) FROM `purchase_order_line` UNION ALL SELECT 'sales_order', count(*) FROM `sales_order` UNION ALL SELECT 'sales_order_line', count(*) FROM `sales_order_line`;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_purchase_order_insert` AFTER INSERT ON `purchase_order` BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'purchase_order';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_purchase_order_delete` AFTER DELETE ON `purchase_order` BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'purchase_order';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_purchase_order_line_insert` AFTER INSERT ON `purchase_order_line` BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'purchase_order_line';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_purchase_order_line_delete` AFTER DELETE ON `purchase_order_line` BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'purchase_order_line';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_sales_order_insert` AFTER INSERT ON `sales_order` BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'sales_order';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_sales_order_delete` AFTER DELETE ON `sales_order` BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'sales_order';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_sales_order_line_insert` AFTER INSERT ON `sales_order_line` BEGIN
  UPDATE `table_row_count` SET `n` = `n` + 1 WHERE `name` = 'sales_order_line';
END;
--> statement-breakpoint
CREATE TRIGGER `maintained_counts_sales_order_line_delete` AFTER DELETE ON `sales_order_line` BEGIN
  UPDATE `table_row_count` SET `n` = `n` - 1 WHERE `name` = 'sales_order_line';
END;
