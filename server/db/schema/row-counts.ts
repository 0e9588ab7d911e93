import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Counts kept by triggers (migration 0004), so a list's total needs no count over a big table: the
 * rows of `stock_item`, `stock_tracking` and `barcode_scan_result`, and `part_with_stock` (parts
 * whose in-stock quantity in part_stock_total is positive).
 */
export const tableRowCounts = sqliteTable("table_row_count", {
  name: text("name").primaryKey(),
  n: integer("n").notNull().default(0),
});
