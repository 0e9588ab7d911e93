import { afterAll, beforeAll, describe, expect } from "bun:test";
import { sql } from "drizzle-orm";
import { rawRows } from "../server/db/dialect.ts";
import { stockItems } from "../server/db/tables.ts";
import { inStockItemCondition } from "../server/modules/stock/in-stock.ts";
import { makeTestApp, postgresOnly, sqliteOnly, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe("stock_item_part_in_stock_idx", () => {
  // The partial index's WHERE is written out in the schema; SQLite uses it only while it matches
  // inStockItemCondition term for term (e.g. after a change to AVAILABLE_STATUS_CODES it would not).
  // SQLite only: reads SQLite's query plan (EXPLAIN QUERY PLAN) on the synchronous handle.
  sqliteOnly("the per-part in-stock sum is answered from the partial index alone", () => {
    const plan = t.services.db
      .all<{ detail: string }>(sql`EXPLAIN QUERY PLAN SELECT COALESCE(SUM(${stockItems.quantity}), 0) FROM ${stockItems} WHERE ${stockItems.part} = 1 AND ${inStockItemCondition()}`)
      .map((r) => r.detail);
    expect(plan.join("\n")).toContain("USING COVERING INDEX stock_item_part_in_stock_idx");
  });

  // PostgreSQL: its planner picks the partial index only when the query's WHERE implies the index's
  // predicate. On a test's few rows a sequential scan is cheaper whatever the indexes, so it is
  // switched off for the one EXPLAIN: what remains is whether the partial index can answer at all.
  postgresOnly("PostgreSQL: the per-part in-stock sum can be answered from the partial index alone (EXPLAIN)", async () => {
    const plan = await t.services.database.write(async (tx) => {
      await rawRows(tx, sql`SET LOCAL enable_seqscan = off`);
      await rawRows(tx, sql`SET LOCAL enable_bitmapscan = off`);
      return (await rawRows<{ "QUERY PLAN": string }>(tx, sql`EXPLAIN SELECT COALESCE(SUM(${stockItems.quantity}), 0) FROM ${stockItems} WHERE ${stockItems.part} = 1 AND ${inStockItemCondition()}`)).map((r) => r["QUERY PLAN"]);
    });
    expect(plan.join("\n")).toContain("Index Only Scan using stock_item_part_in_stock_idx");
  });
});
