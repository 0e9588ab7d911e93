import { afterAll, beforeAll, describe, expect } from "bun:test";
import { sql } from "drizzle-orm";
import { stockItems } from "../server/db/schema/stock.ts";
import { inStockItemCondition } from "../server/modules/stock/in-stock.ts";
import { makeTestApp, sqliteOnly, type TestApp } from "./support/app.ts";

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
      .all<{ detail: string }>(sql`EXPLAIN QUERY PLAN SELECT COALESCE(SUM(${stockItems.quantity}), 0) FROM ${stockItems} WHERE ${stockItems.part} = 1 AND ${inStockItemCondition}`)
      .map((r) => r.detail);
    expect(plan.join("\n")).toContain("USING COVERING INDEX stock_item_part_in_stock_idx");
  });
});
