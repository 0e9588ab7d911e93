/**
 * Concurrent writes through one process (issue 12): the async stock and order writes run their
 * checks inside their transaction, so requests that arrive together can never both pass a check
 * only one of them may pass (enough stock, the line still open, the item still unallocated).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import * as T from "../server/db/tables.ts";
import { TRACKING } from "../server/db/schema/stock.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makePart, makePurchaseOrder, makeSalesOrder, makeStockItem } from "./support/factory.ts";
import { makePurchaseLine, makePurchaseSetup, makeSalesLine, makeSalesSetup, makeShipment, stockOfPart, trackingOf } from "./support/factory-order.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());
const db = () => t.services.database;

/** The statuses of `n` identical requests sent at once, sorted. */
async function together(n: number, send: () => Promise<{ status: number }>): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: n }, send));
  return answers.map((r) => r.status).sort();
}

describe("concurrent writes in one process", () => {
  test("20 removals of 1 from an item of 10: exactly 10 succeed, the item ends at 0 with 10 tracking entries", async () => {
    const pk = await makeStockItem(db(), { part: await makePart(db()), quantity: 10 });
    const statuses = await together(20, () => t.call("POST", "/api/stock/remove/", { items: [{ pk, quantity: 1 }] }, "staff"));
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect((await t.call("GET", `/api/stock/${pk}/`)).body.quantity).toBe(0);
    expect((await trackingOf(db(), pk)).filter((e) => e.tracking_type === TRACKING.STOCK_REMOVE)).toHaveLength(10);
  });

  test("15 receipts of 1 against a line of 10: 10 are received, the line never exceeds its quantity", async () => {
    const p = await makePurchaseSetup(db());
    const po = await makePurchaseOrder(db(), { supplier: p.supplier, status: 20 });
    const line = await makePurchaseLine(db(), { order: po, part: p.supplierPart, quantity: 10 });
    const statuses = await together(15, () => t.call("POST", `/api/order/po/${po}/receive/`, { items: [{ line_item: line, quantity: 1 }], location: p.location }, "staff"));
    // The tenth receipt completes the order (PURCHASEORDER_AUTO_COMPLETE): the rest find it closed.
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect((await db().q.select().from(T.purchaseOrderLines).where(eq(T.purchaseOrderLines.id, line)))[0]?.received).toBe(10);
    expect(await stockOfPart(db(), p.part)).toHaveLength(10);
  });

  test("8 allocations of 1 from an item of 5: 5 are allocated, never more than the item holds", async () => {
    const c = await makeSalesSetup(db(), { quantity: 5 });
    const order = await makeSalesOrder(db(), { customer: c.customer, status: 15 });
    const line = await makeSalesLine(db(), { order, part: c.part, quantity: 10 });
    const shipment = await makeShipment(db(), { order });
    const statuses = await together(8, () => t.call("POST", `/api/order/so/${order}/allocate/`, { items: [{ line_item: line, stock_item: c.stock, quantity: 1 }], shipment }, "staff"));
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 400)).toHaveLength(3);
    const allocated = await db().q.select().from(T.salesOrderAllocations).where(eq(T.salesOrderAllocations.line, line));
    expect(allocated.reduce((sum, a) => sum + a.quantity, 0)).toBe(5);
  });
});
