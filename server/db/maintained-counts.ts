/**
 * The maintained counts of migration 0004 (`part_stock_total`, `stock_location_item_count`,
 * `table_row_count`): triggers keep them exact on every write; this rebuilds them from the tables
 * with the migration's own backfill, for a bulk load that ran with the triggers dropped (the scale
 * seed). Triggers named `maintained_counts_*` are the ones a bulk load may drop and re-create.
 */
import type { Database } from "bun:sqlite";
import { PO_OPEN_STATUSES, SO_OPEN_STATUSES } from "./schema/order.ts";

/**
 * The tables of the maintained counts. A freshly migrated database already holds table_row_count's
 * rows (zeros): copy-db still counts it as empty, and replaces them with the source's.
 */
export const MAINTAINED_COUNT_TABLES: readonly string[] = ["part_stock_total", "stock_location_item_count", "stock_location_part_count", "table_row_count"];

/** Prefix of the names of the triggers that keep the counts. */
export const MAINTAINED_COUNT_TRIGGERS = "maintained_counts_";

/**
 * The tables whose row counts table_row_count keeps (migrations 0004 and 0007 on SQLite, 0003 and
 * 0008 on PostgreSQL), each under its own name; it also keeps `part_with_stock`.
 */
export const ROW_COUNTED_TABLES: readonly string[] = ["stock_item", "stock_tracking", "barcode_scan_result", "purchase_order", "purchase_order_line", "sales_order", "sales_order_line"];

/**
 * The maintained counts of open orders in table_row_count (migration 0010 on SQLite, 0011 on
 * PostgreSQL): `outstanding=true` and `=false` lists read their total from them.
 */
export const OPEN_ORDER_COUNTS: readonly { name: string; table: string; statuses: readonly number[] }[] = [
  { name: "purchase_order_open", table: "purchase_order", statuses: PO_OPEN_STATUSES },
  { name: "sales_order_open", table: "sales_order", statuses: SO_OPEN_STATUSES },
];
const openCountSql = (c: (typeof OPEN_ORDER_COUNTS)[number]) => `(SELECT count(*) FROM ${c.table} WHERE status IN (${c.statuses.join(", ")}))`;

const IN_STOCK = `s."status" IN (10, 50, 55, 85) AND s."quantity" > 0 AND s."customer_id" IS NULL AND s."sales_order_id" IS NULL`;

/** Recomputes every maintained count from the tables (inside the caller's transaction, if any). */
export function rebuildMaintainedCounts(sqlite: Database): void {
  sqlite.exec(`DELETE FROM part_stock_total; DELETE FROM stock_location_item_count; DELETE FROM stock_location_part_count; DELETE FROM table_row_count;`);
  sqlite.exec(
    `INSERT INTO part_stock_total(part_id, name, items, in_stock_items, in_stock) SELECT p."id", p."name", (SELECT count(*) FROM stock_item s WHERE s."part_id" = p."id"), ` +
      `(SELECT count(*) FROM stock_item s WHERE s."part_id" = p."id" AND ${IN_STOCK}), (SELECT coalesce(sum(s."quantity"), 0) FROM stock_item s WHERE s."part_id" = p."id" AND ${IN_STOCK}) FROM part p`,
  );
  sqlite.exec(`INSERT INTO stock_location_item_count(location_id, items) SELECT l."id", (SELECT count(*) FROM stock_item s WHERE s."location_id" = l."id") FROM stock_location l`);
  sqlite.exec(
    `INSERT INTO stock_location_part_count(location_id, part_id, name, items) SELECT s."location_id", s."part_id", p."name", count(*) FROM stock_item s JOIN part p ON p."id" = s."part_id" WHERE s."location_id" IS NOT NULL GROUP BY s."location_id", s."part_id"`,
  );
  sqlite.exec(`INSERT INTO table_row_count(name, n) ${ROW_COUNTED_TABLES.map((t) => `SELECT '${t}', count(*) FROM ${t} UNION ALL `).join("")}${OPEN_ORDER_COUNTS.map((c) => `SELECT '${c.name}', ${openCountSql(c)} UNION ALL `).join("")}SELECT 'part_with_stock', count(*) FROM part_stock_total WHERE in_stock > 0`);
}

const COUNT = (where: string) => `CAST((SELECT count(*) FROM stock_item s WHERE ${where}) AS integer)`;

/**
 * One row (parts, locations, location_parts, row_counts): how many maintained counts differ from a recount of the
 * tables, 0 each when they are exact. Plain SQL that SQLite and PostgreSQL both run (copy-db checks
 * a copied database with it, tests/maintained-counts-pg.test.ts both backends). An in-stock
 * quantity may differ from the recount by a rounding of the SUM's order (1e-9 relative), no more.
 */
export const MAINTAINED_COUNT_MISMATCHES = `SELECT
  CAST((SELECT count(*) FROM part p LEFT JOIN part_stock_total t ON t.part_id = p."id"
    WHERE t.part_id IS NULL OR t.name <> p."name" OR t.items <> ${COUNT(`s."part_id" = p."id"`)} OR t.in_stock_items <> ${COUNT(`s."part_id" = p."id" AND ${IN_STOCK}`)}
      OR abs(t.in_stock - (SELECT coalesce(sum(s."quantity"), 0) FROM stock_item s WHERE s."part_id" = p."id" AND ${IN_STOCK})) > 1e-9 * (1 + abs(t.in_stock)))
    + (SELECT count(*) FROM part_stock_total t WHERE NOT EXISTS (SELECT 1 FROM part p WHERE p."id" = t.part_id)) AS integer) AS parts,
  CAST((SELECT count(*) FROM stock_location l LEFT JOIN stock_location_item_count c ON c.location_id = l."id"
    WHERE c.location_id IS NULL OR c.items <> ${COUNT(`s."location_id" = l."id"`)})
    + (SELECT count(*) FROM stock_location_item_count c WHERE NOT EXISTS (SELECT 1 FROM stock_location l WHERE l."id" = c.location_id)) AS integer) AS locations,
  CAST((SELECT count(*) FROM (SELECT s."location_id" AS location_id, s."part_id" AS part_id, count(*) AS n FROM stock_item s WHERE s."location_id" IS NOT NULL GROUP BY s."location_id", s."part_id") r
      LEFT JOIN stock_location_part_count c ON c.location_id = r.location_id AND c.part_id = r.part_id
      WHERE c.location_id IS NULL OR c.items <> r.n OR c.name <> (SELECT p."name" FROM part p WHERE p."id" = r.part_id))
    + (SELECT count(*) FROM stock_location_part_count c WHERE NOT EXISTS (SELECT 1 FROM stock_item s WHERE s."location_id" = c.location_id AND s."part_id" = c.part_id)) AS integer) AS location_parts,
  CAST(${ROW_COUNTED_TABLES.map((t) => `(CASE WHEN coalesce((SELECT n FROM table_row_count WHERE name = '${t}'), -1) <> (SELECT count(*) FROM ${t}) THEN 1 ELSE 0 END)\n    + `).join("")}${OPEN_ORDER_COUNTS.map((c) => `(CASE WHEN coalesce((SELECT n FROM table_row_count WHERE name = '${c.name}'), -1) <> ${openCountSql(c)} THEN 1 ELSE 0 END)\n    + `).join("")}(CASE WHEN coalesce((SELECT n FROM table_row_count WHERE name = 'part_with_stock'), -1) <> (SELECT count(*) FROM part_stock_total WHERE in_stock > 0) THEN 1 ELSE 0 END)
    + (CASE WHEN (SELECT count(*) FROM table_row_count) <> ${ROW_COUNTED_TABLES.length + OPEN_ORDER_COUNTS.length + 1} THEN 1 ELSE 0 END) AS integer) AS row_counts`;

/** How many maintained counts of each kind differ from a recount (MAINTAINED_COUNT_MISMATCHES's row). */
export interface MaintainedCountMismatches {
  parts: number;
  locations: number;
  location_parts: number;
  row_counts: number;
}

/** A line for a log, or the reason to fail: "" when every maintained count equals its recount. */
export function describeMismatches(m: MaintainedCountMismatches | undefined): string {
  if (!m) return "the maintained counts could not be checked";
  const wrong = [
    [m.parts, "part_stock_total rows"],
    [m.locations, "stock_location_item_count rows"],
    [m.location_parts, "stock_location_part_count rows"],
    [m.row_counts, "table_row_count entries"],
  ].filter(([n]) => Number(n) !== 0);
  return wrong.map(([n, what]) => `${n} ${what}`).join(", ");
}
