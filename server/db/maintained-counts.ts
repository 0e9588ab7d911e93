/**
 * The maintained counts of migration 0004 (`part_stock_total`, `stock_location_item_count`,
 * `table_row_count`): triggers keep them exact on every write; this rebuilds them from the tables
 * with the migration's own backfill, for a bulk load that ran with the triggers dropped (the scale
 * seed). Triggers named `maintained_counts_*` are the ones a bulk load may drop and re-create.
 */
import type { Database } from "bun:sqlite";

/** Prefix of the names of the triggers that keep the counts. */
export const MAINTAINED_COUNT_TRIGGERS = "maintained_counts_";

const IN_STOCK = `s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL`;

/** Recomputes every maintained count from the tables (inside the caller's transaction, if any). */
export function rebuildMaintainedCounts(sqlite: Database): void {
  sqlite.exec(`DELETE FROM part_stock_total; DELETE FROM stock_location_item_count; DELETE FROM table_row_count;`);
  sqlite.exec(
    `INSERT INTO part_stock_total(part_id, name, items, in_stock_items, in_stock) SELECT p."id", p."name", (SELECT count(*) FROM stock_item s WHERE s."part_id" = p."id"), ` +
      `(SELECT count(*) FROM stock_item s WHERE s."part_id" = p."id" AND ${IN_STOCK}), (SELECT coalesce(sum(s."quantity"), 0) FROM stock_item s WHERE s."part_id" = p."id" AND ${IN_STOCK}) FROM part p`,
  );
  sqlite.exec(`INSERT INTO stock_location_item_count(location_id, items) SELECT l."id", (SELECT count(*) FROM stock_item s WHERE s."location_id" = l."id") FROM stock_location l`);
  sqlite.exec(`INSERT INTO table_row_count(name, n) SELECT 'stock_item', count(*) FROM stock_item UNION ALL SELECT 'stock_tracking', count(*) FROM stock_tracking UNION ALL SELECT 'barcode_scan_result', count(*) FROM barcode_scan_result UNION ALL SELECT 'part_with_stock', count(*) FROM part_stock_total WHERE in_stock > 0`);
}
