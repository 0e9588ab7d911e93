import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Row counts of big tables (`stock_item`, `stock_tracking`, `barcode_scan_result`), maintained by triggers (migration 0004): an unfiltered list's total without counting. */
export const tableRowCounts = sqliteTable("table_row_count", {
  name: text("name").primaryKey(),
  n: integer("n").notNull().default(0),
});
