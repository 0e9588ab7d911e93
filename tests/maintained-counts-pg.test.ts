/**
 * The maintained counts on PostgreSQL (migration-pg 0003_maintained_count_triggers) against SQLite's
 * (migration 0004): a SQLite and a PostgreSQL database, each migrated by `binventory migrate`, take
 * the same writes through SQL — inserts, updates of every counted column (one row and many rows at
 * once), moves between parts and locations, deletes, ON DELETE cascades and SET NULLs — and after
 * every step part_stock_total, stock_location_item_count and table_row_count hold the same rows on
 * both, each equal to a recount of its own database. Then concurrent writers on PostgreSQL, each in
 * its own transaction, leave exact counts.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import { MAINTAINED_COUNT_MISMATCHES } from "../server/db/maintained-counts.ts";
import { registerSearchFold } from "../server/db/search-fold.ts";
import { describeWithPostgres } from "./support/postgres.ts";
import { runCli } from "./support/process.ts";

const NO_MISMATCH = { parts: 0, locations: 0, location_parts: 0, row_counts: 0 };

/**
 * The writes, in order; each entry is one step (its statements run, then the counts are compared).
 * Quantities are sums of halves and quarters, exact in binary, so both backends' SUMs are the same
 * double whatever order they add in.
 */
const STEPS: Array<[string, string[]]> = [
  ["a customer and its sales order", ["INSERT INTO company (id, name) VALUES (1, 'Customer')", "INSERT INTO sales_order (id, reference, customer_id) VALUES (1, 'SO-1', 1)"]],
  ["locations (a count row each)", ["INSERT INTO stock_location (id, name) VALUES (1, 'A'), (2, 'B'), (3, 'C')"]],
  ["parts (a total row each)", ["INSERT INTO part (id, name) VALUES (1, 'Widget'), (2, 'Gadget'), (3, 'Doohickey')"]],
  [
    "sales lines; a supplier's purchase orders with lines (the order tables' row counts)",
    [
      "INSERT INTO sales_order_line (order_id, part_id, quantity) VALUES (1, 1, 2), (1, 2, 1), (1, 2, 3)",
      "INSERT INTO company (id, name) VALUES (2, 'Supplier')",
      "INSERT INTO supplier_part (id, part_id, supplier_id, \"SKU\") VALUES (1, 1, 2, 'S-1')",
      "INSERT INTO purchase_order (id, reference, supplier_id) VALUES (1, 'PO-1', 2), (2, 'PO-2', 2)",
      "INSERT INTO purchase_order_line (order_id, supplier_part_id, quantity) VALUES (1, 1, 5), (2, 1, 3), (2, 1, 4)",
    ],
  ],
  [
    "order statuses: one order placed (still open), one completed, one back open, one cancelled; an open one deleted",
    [
      "INSERT INTO purchase_order (id, reference, supplier_id, status) VALUES (3, 'PO-3', 2, 30), (4, 'PO-4', 2, 10)",
      "UPDATE purchase_order SET status = 20 WHERE id = 1",
      "UPDATE purchase_order SET status = 30 WHERE id = 2",
      "UPDATE purchase_order SET status = 25 WHERE id = 3",
      "UPDATE purchase_order SET status = 40 WHERE id IN (1, 4)",
      "UPDATE sales_order SET status = 15 WHERE id = 1",
      "DELETE FROM purchase_order WHERE id = 3",
    ],
  ],
  ["a purchase order deleted (its lines cascade), a sales line deleted", ["DELETE FROM purchase_order WHERE id = 2", "DELETE FROM sales_order_line WHERE quantity = 3"]],
  [
    "stock items: available, not available (status 65), empty, without location",
    ["INSERT INTO stock_item (id, part_id, location_id, quantity, status) VALUES (1, 1, 1, 10, 10), (2, 1, 1, 2.5, 10), (3, 1, 2, 4, 65), (4, 2, 2, 0, 10), (5, 2, NULL, 7.25, 50), (6, 3, 3, 1, 10)"],
  ],
  ["tracking entries and barcode scans", ["INSERT INTO stock_tracking (item_id, tracking_type) VALUES (1, 1), (2, 1), (5, 1), (6, 1)", "INSERT INTO barcode_scan_result (data) VALUES ('a'), ('b')"]],
  ["one UPDATE changing many items of a part", ["UPDATE stock_item SET quantity = quantity + 1.5 WHERE part_id = 1"]],
  ["an item moved to another location, one out of any location", ["UPDATE stock_item SET location_id = 3 WHERE id = 1", "UPDATE stock_item SET location_id = NULL WHERE id = 2"]],
  ["an item becomes available; the last stock of a part runs out", ["UPDATE stock_item SET status = 10 WHERE id = 3", "UPDATE stock_item SET quantity = 0 WHERE id = 6"]],
  ["items to a customer and to a sales order", ["UPDATE stock_item SET customer_id = 1 WHERE id = 5", "UPDATE stock_item SET sales_order_id = 1 WHERE id = 2"]],
  ["items moved between parts, empty and in stock, with their quantity", ["UPDATE stock_item SET part_id = 3 WHERE id = 4", "UPDATE stock_item SET part_id = 2, quantity = 3 WHERE id = 1"]],
  ["a part renamed; a column no count reads", ["UPDATE part SET name = 'Widget v2' WHERE id = 1", "UPDATE stock_item SET notes = 'x' WHERE id = 3"]],
  ["a tracking entry and a scan deleted", ["DELETE FROM stock_tracking WHERE item_id = 2", "DELETE FROM barcode_scan_result WHERE data = 'a'"]],
  ["an item deleted (its tracking cascades)", ["DELETE FROM stock_item WHERE id = 3"]],
  ["a location deleted: its items lose their location, its count row goes", ["DELETE FROM stock_location WHERE id = 3"]],
  ["the customer deleted: its item is available again (SET NULL)", ["DELETE FROM sales_order WHERE id = 1", "DELETE FROM company WHERE id = 1"]],
  [
    "a part with stock created, emptied and deleted",
    ["INSERT INTO part (id, name) VALUES (4, 'Temp')", "INSERT INTO stock_item (id, part_id, quantity) VALUES (7, 4, 5), (8, 4, 0.25)", "DELETE FROM stock_item WHERE part_id = 4", "DELETE FROM part WHERE id = 4"],
  ],
  ["a part deleted while its total row has stock (ON DELETE CASCADE on the total)", ["INSERT INTO part (id, name) VALUES (5, 'Gone')", "UPDATE part_stock_total SET in_stock = 2 WHERE part_id = 5", "DELETE FROM part WHERE id = 5"]],
  ["many items deleted at once", ["DELETE FROM stock_item WHERE id IN (5, 6)"]],
];

type Row = Record<string, unknown>;
const MAINTAINED = {
  part_stock_total: "SELECT part_id, name, items, in_stock_items, in_stock FROM part_stock_total ORDER BY part_id",
  stock_location_item_count: "SELECT location_id, items FROM stock_location_item_count ORDER BY location_id",
  stock_location_part_count: "SELECT location_id, part_id, name, items FROM stock_location_part_count ORDER BY location_id, part_id",
  table_row_count: "SELECT name, n FROM table_row_count ORDER BY name",
};

let dir: string;
let sqlitePath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "binventory-counts-pg-"));
  sqlitePath = join(dir, "counts.sqlite");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithPostgres("maintained counts on PostgreSQL", (pg) => {
  let sqlite: Database;
  let sql: SQL;

  beforeAll(async () => {
    for (const env of [{ BINVENTORY_DB: sqlitePath }, { BINVENTORY_DATABASE_URL: pg.url }] as Array<Record<string, string>>) {
      const r = await runCli(["migrate"], env);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    sqlite = new Database(sqlitePath);
    registerSearchFold(sqlite); // the search index's triggers call it, as the server's connections do
    sqlite.run("PRAGMA foreign_keys = ON");
    sql = new SQL({ url: pg.url, max: 4 });
  }, 60_000);
  afterAll(async () => {
    sqlite?.close();
    await sql?.close();
  });

  async function maintained(): Promise<{ sqlite: Record<string, Row[]>; pg: Record<string, Row[]> }> {
    const out = { sqlite: {} as Record<string, Row[]>, pg: {} as Record<string, Row[]> };
    for (const [table, query] of Object.entries(MAINTAINED)) {
      out.sqlite[table] = sqlite.query<Row, []>(query).all();
      out.pg[table] = [...(await sql.unsafe(query))] as Row[];
    }
    return out;
  }

  test("the same writes give the same maintained counts on both, each equal to its recount, after every step", async () => {
    const fresh = await maintained();
    expect(fresh.pg).toEqual(fresh.sqlite);
    expect(fresh.pg.table_row_count).toEqual(["barcode_scan_result", "part_with_stock", "purchase_order", "purchase_order_line", "purchase_order_open", "sales_order", "sales_order_line", "sales_order_open", "stock_item", "stock_tracking"].map((name) => ({ name, n: 0 })));
    for (const [step, statements] of STEPS) {
      for (const statement of statements) {
        sqlite.run(statement);
        await sql.unsafe(statement);
      }
      const now = await maintained();
      expect({ step, counts: now.pg }).toEqual({ step, counts: now.sqlite });
      expect({ step, sqlite: sqlite.query(MAINTAINED_COUNT_MISMATCHES).get(), pg: (await sql.unsafe(MAINTAINED_COUNT_MISMATCHES))[0] }).toEqual({ step, sqlite: NO_MISMATCH, pg: NO_MISMATCH });
    }
    // The steps reached every kind of change: a part with stock, one without, an emptied location.
    const end = await maintained();
    expect(end.pg.part_stock_total).toEqual([
      { part_id: 1, name: "Widget v2", items: 1, in_stock_items: 1, in_stock: 4 },
      { part_id: 2, name: "Gadget", items: 1, in_stock_items: 1, in_stock: 3 },
      { part_id: 3, name: "Doohickey", items: 1, in_stock_items: 0, in_stock: 0 },
    ]);
    expect(end.pg.table_row_count).toEqual([
      { name: "barcode_scan_result", n: 1 },
      { name: "part_with_stock", n: 2 },
      { name: "purchase_order", n: 2 },
      { name: "purchase_order_line", n: 1 },
      { name: "purchase_order_open", n: 0 },
      { name: "sales_order", n: 0 },
      { name: "sales_order_line", n: 0 }, // the sales order's delete took its lines
      { name: "sales_order_open", n: 0 },
      { name: "stock_item", n: 3 },
      { name: "stock_tracking", n: 1 },
    ]);
  }, 60_000);

  test("concurrent transactions on PostgreSQL leave exact counts (the count rows are updated under their row lock)", async () => {
    const before = Object.fromEntries((await sql`SELECT name, n FROM table_row_count`).map((r: { name: string; n: number }) => [r.name, r.n]));
    // The steps above gave explicit ids; the identity sequence starts past them.
    await sql`SELECT setval(pg_get_serial_sequence('stock_item', 'id'), 1000)`;
    const writers = 4;
    const itemsEach = 40;
    await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        sql.begin(async (tx) => {
          for (let i = 0; i < itemsEach; i++) {
            const [item] = await tx`INSERT INTO stock_item (part_id, location_id, quantity) VALUES (${1 + (i % 3)}, ${1 + (i % 2)}, ${0.5 + w}) RETURNING id`;
            await tx`INSERT INTO stock_tracking (item_id, tracking_type) VALUES (${item.id}, 1)`;
            if (i % 4 === 0) await tx`UPDATE stock_item SET quantity = 0 WHERE id = ${item.id}`;
          }
        }),
      ),
    );
    const [after] = await sql.unsafe(MAINTAINED_COUNT_MISMATCHES);
    expect(after).toEqual(NO_MISMATCH);
    const counts = Object.fromEntries((await sql`SELECT name, n FROM table_row_count`).map((r: { name: string; n: number }) => [r.name, r.n]));
    expect(counts.stock_item).toBe(before.stock_item + writers * itemsEach);
    expect(counts.stock_tracking).toBe(before.stock_tracking + writers * itemsEach);
    expect(counts.part_with_stock).toBe(3);
  }, 60_000);
});
