import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import * as s from "../server/db/schema/index.ts";
import * as T from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makePart, makeSalesOrder, makeStockItem } from "./support/factory.ts";
import { makeSalesLine, makeSalesSetup, makeShipment, stockItem, stockOfPart, trackingOf } from "./support/factory-order.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const db = () => t.services.database;
const lineOf = async (id: number) => (await db().q.select().from(T.salesOrderLines).where(eq(T.salesOrderLines.id, id)))[0];
const allocationsOf = async (line: number) => await db().q.select().from(T.salesOrderAllocations).where(eq(T.salesOrderAllocations.line, line));

/** An in-progress order with one line of 10 and a shipment, and 10 in stock. */
async function setup() {
  const c = await makeSalesSetup(db(), { quantity: 10 });
  const order = await makeSalesOrder(db(), { customer: c.customer, status: 15 });
  const line = await makeSalesLine(db(), { order, part: c.part, quantity: 10 });
  const shipment = await makeShipment(db(), { order });
  return { ...c, order, line, shipment };
}

describe("allocate", () => {
  test("allocates stock to lines and shows it on the line and the allocation list", async () => {
    const o = await setup();
    const r = await t.call("POST", `/api/order/so/${o.order}/allocate/`, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 4 }], shipment: o.shipment }, "staff");
    expect(r.status).toBe(201);
    expect(r.body[0]).toMatchObject({ line: o.line, item: o.stock, quantity: 4, shipment: o.shipment, part: o.part, order: o.order, location: o.location });
    expect((await t.call("GET", `/api/order/so-line/${o.line}/`)).body.allocated).toBe(4);
    const list = await t.call("GET", `/api/order/so-allocation/?order=${o.order}&part_detail=true&item_detail=true&location_detail=true`, undefined, "readonly");
    expect(list.body).toHaveLength(1);
    expect(list.body[0].part_detail.pk).toBe(o.part);
    expect(list.body[0].item_detail.pk).toBe(o.stock);
    expect(list.body[0].location_detail.pk).toBe(o.location);
    expect(list.body[0].shipment_detail.pk).toBe(o.shipment);
    for (const q of [`item=${o.stock}`, `stock_item=${o.stock}`, `part=${o.part}`, `line=${o.line}`, `shipment=${o.shipment}`, "outstanding=true"]) {
      expect(pks((await t.call("GET", `/api/order/so-allocation/?${q}`)).body)).toContain(r.body[0].pk);
    }
    expect((await t.call("GET", `/api/order/so-allocation/?order=${o.order}&outstanding=false`)).body).toHaveLength(0);
    expect((await t.call("GET", `/api/order/so-allocation/?order=${o.order}&limit=1`)).body.count).toBe(1);
  });

  test("over-allocation is refused on that item's quantity, counting other allocations and the same request", async () => {
    const o = await setup();
    await t.call("POST", `/api/order/so/${o.order}/allocate/`, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 6 }] });
    const over = await t.call("POST", `/api/order/so/${o.order}/allocate/`, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 5 }] });
    expect(over.status).toBe(400);
    expect(over.body.items).toEqual([{ quantity: ["Available quantity (4) exceeded"] }]);
    const together = await t.call("POST", `/api/order/so/${o.order}/allocate/`, {
      items: [
        { line_item: o.line, stock_item: o.stock, quantity: 3 },
        { line_item: o.line, stock_item: o.stock, quantity: 3 },
      ],
    });
    expect(together.status).toBe(400);
    expect(together.body.items).toEqual([{}, { quantity: ["Available quantity (1) exceeded"] }]);
    // Nothing from the refused request was written.
    expect((await allocationsOf(o.line)).map((a) => a.quantity)).toEqual([6]);
  });

  test("wrong part, line of another order, serialized quantity, bad shipment", async () => {
    const o = await setup();
    const other = await setup();
    const otherPart = await makeStockItem(db(), { part: await makePart(db(), { salable: true }), quantity: 5 });
    const serialized = await makeStockItem(db(), { part: o.part, quantity: 1, serial: "S1" });
    const r = await t.call("POST", `/api/order/so/${o.order}/allocate/`, {
      items: [
        { line_item: o.line, stock_item: otherPart, quantity: 1 },
        { line_item: other.line, stock_item: o.stock, quantity: 1 },
        { line_item: o.line, stock_item: serialized, quantity: 2 },
        { line_item: o.line, stock_item: 99999, quantity: 1 },
        { line_item: o.line, stock_item: o.stock, quantity: 1 },
      ],
      shipment: other.shipment,
    });
    expect(r.status).toBe(400);
    expect(r.body.shipment).toEqual(["Shipment is not associated with this order"]);
    expect(r.body.items).toEqual([
      { stock_item: ["Cannot allocate stock item to a line with a different part"] },
      { line_item: ["Line item is not associated with this order"] },
      { quantity: ["Quantity must be 1 for serialized stock item"] },
      { stock_item: ['Invalid pk "99999" - object does not exist.'] },
      {},
    ]);
    expect(await allocationsOf(o.line)).toHaveLength(0);
  });

  test("bad input names the field", async () => {
    const o = await setup();
    const url = `/api/order/so/${o.order}/allocate/`;
    expect((await t.call("POST", url, { items: [] })).body.non_field_errors).toEqual(["Allocation items must be provided"]);
    expect((await t.call("POST", url, {})).body.items).toEqual(["This field is required."]);
    expect((await t.call("POST", url, { items: [{ line_item: o.line, stock_item: o.stock, quantity: -1 }] })).body.items[0].quantity).toBeDefined();
    expect((await t.call("POST", url, { items: [{ line_item: o.line, stock_item: o.stock }] })).body.items[0].quantity).toEqual(["This field is required."]);
    expect((await t.call("POST", url, { items: [{ line_item: o.line, stock_item: "x", quantity: 1 }] })).body.items[0].stock_item).toEqual(["A valid integer is required."]);
    expect((await t.call("POST", url, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 1 }], shipment: 99999 })).body.shipment).toEqual(['Invalid pk "99999" - object does not exist.']);
    expect((await t.call("POST", "/api/order/so/99999/allocate/", { items: [{ line_item: o.line, stock_item: o.stock, quantity: 1 }] })).status).toBe(404);
    const closed = await makeSalesOrder(db(), { customer: o.customer, status: 30 });
    const closedLine = await makeSalesLine(db(), { order: closed, part: o.part });
    expect((await t.call("POST", `/api/order/so/${closed}/allocate/`, { items: [{ line_item: closedLine, stock_item: o.stock, quantity: 1 }] })).body.non_field_errors).toEqual(["Stock can only be allocated to an open order"]);
  });

  test("allocation detail: patch, put, delete, with the same checks", async () => {
    const o = await setup();
    const [a] = (await t.call("POST", `/api/order/so/${o.order}/allocate/`, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 4 }] })).body;
    expect((await t.call("GET", `/api/order/so-allocation/${a.pk}/`, undefined, "readonly")).body.quantity).toBe(4);
    expect((await t.call("PATCH", `/api/order/so-allocation/${a.pk}/`, { quantity: 10, shipment: o.shipment })).body).toMatchObject({ quantity: 10, shipment: o.shipment });
    const over = await t.call("PATCH", `/api/order/so-allocation/${a.pk}/`, { quantity: 11 });
    expect(over.status).toBe(400);
    expect(over.body.quantity).toEqual(["Available quantity (10) exceeded"]);
    expect((await t.call("PATCH", `/api/order/so-allocation/${a.pk}/`, { quantity: -1 })).body.quantity).toBeDefined();
    expect((await t.call("PATCH", `/api/order/so-allocation/${a.pk}/`, { shipment: 99999 })).body.shipment).toEqual(['Invalid pk "99999" - object does not exist.']);
    expect((await t.call("PUT", `/api/order/so-allocation/${a.pk}/`, { quantity: 2, shipment: null })).body).toMatchObject({ quantity: 2, shipment: null });
    expect((await t.call("PUT", `/api/order/so-allocation/${a.pk}/`, {})).body.quantity).toEqual(["This field is required."]);
    expect((await t.call("DELETE", `/api/order/so-allocation/${a.pk}/`)).status).toBe(204);
    expect((await t.call("GET", `/api/order/so-allocation/${a.pk}/`)).status).toBe(404);
  });

  test("cancelling the order drops its pending allocations", async () => {
    const o = await setup();
    await t.call("POST", `/api/order/so/${o.order}/allocate/`, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 4 }] });
    expect((await t.call("POST", `/api/order/so/${o.order}/cancel/`)).body.status).toBe(40);
    expect(await allocationsOf(o.line)).toHaveLength(0);
  });
});

const pks = (body: { pk: number }[]) => body.map((x) => x.pk);

describe("ship", () => {
  test("a partial allocation splits the stock item; the split-off part goes to the customer", async () => {
    const o = await setup();
    await t.call("POST", `/api/order/so/${o.order}/allocate/`, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 4 }], shipment: o.shipment });
    const r = await t.call("POST", `/api/order/so/shipment/${o.shipment}/ship/`, { tracking_number: "TRK-9", shipment_date: "2025-02-03" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ shipment_date: "2025-02-03", tracking_number: "TRK-9", allocated_items: 1 });
    const original = await stockItem(db(), o.stock);
    expect(original).toMatchObject({ quantity: 6, location: o.location, customer: null, sales_order: null });
    const [alloc] = await allocationsOf(o.line);
    expect(alloc.item).not.toBe(o.stock);
    const sent = await stockItem(db(), alloc.item);
    expect(sent).toMatchObject({ part: o.part, quantity: 4, customer: o.customer, sales_order: o.order, location: null });
    expect((await lineOf(o.line))?.shipped).toBe(4);
    expect((await trackingOf(db(), o.stock)).map((e) => e.tracking_type)).toEqual([s.TRACKING.SPLIT_CHILD_ITEM]);
    const sentTracking = await trackingOf(db(), alloc.item);
    expect(sentTracking.map((e) => e.tracking_type)).toEqual([s.TRACKING.SPLIT_FROM_PARENT, s.TRACKING.SHIPPED_AGAINST_SALES_ORDER]);
    expect(sentTracking[1].deltas).toMatchObject({ customer: o.customer, salesorder: o.order });
    expect(sentTracking[1].user).toBe(t.users.staff);
    // The shipped allocation no longer holds stock; the order's line shows it.
    expect((await t.call("GET", `/api/order/so/${o.order}/`)).body.completed_shipments_count).toBe(1);
    expect((await t.call("POST", `/api/order/so/shipment/${o.shipment}/ship/`, {})).body.non_field_errors).toEqual(["Shipment has already been sent"]);
    expect((await t.call("DELETE", `/api/order/so-allocation/${alloc.id}/`)).status).toBe(400);
  });

  test("a whole item ships without a split; then the order completes", async () => {
    const o = await setup();
    await t.call("POST", `/api/order/so/${o.order}/allocate/`, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 10 }], shipment: o.shipment });
    expect((await t.call("POST", `/api/order/so/shipment/${o.shipment}/ship/`)).status).toBe(201);
    expect(await stockOfPart(db(), o.part)).toHaveLength(1);
    expect(await stockItem(db(), o.stock)).toMatchObject({ quantity: 10, customer: o.customer, location: null });
    expect((await trackingOf(db(), o.stock)).map((e) => e.tracking_type)).toEqual([s.TRACKING.SHIPPED_AGAINST_SALES_ORDER]);
    expect((await lineOf(o.line))?.shipped).toBe(10);
    const done = await t.call("POST", `/api/order/so/${o.order}/complete/`, {});
    expect(done.status).toBe(201);
    expect(done.body.status).toBe(20);
  });

  test("all or nothing: a failing allocation leaves every item as it was", async () => {
    const o = await setup();
    const second = await makeStockItem(db(), { part: o.part, location: o.location, quantity: 5 });
    await t.call("POST", `/api/order/so/${o.order}/allocate/`, {
      items: [
        { line_item: o.line, stock_item: o.stock, quantity: 3 },
        { line_item: o.line, stock_item: second, quantity: 5 },
      ],
      shipment: o.shipment,
    });
    // Stock shrinks after allocation (e.g. a stock count): the second allocation can no longer be met.
    await db().write((tx) => tx.q.update(T.stockItems).set({ quantity: 2 }).where(eq(T.stockItems.id, second)));
    const r = await t.call("POST", `/api/order/so/shipment/${o.shipment}/ship/`, {});
    expect(r.status).toBe(400);
    expect(r.body.non_field_errors[0]).toContain("Allocation quantity cannot exceed stock quantity");
    expect(await stockItem(db(), o.stock)).toMatchObject({ quantity: 10, customer: null, location: o.location });
    expect(await stockOfPart(db(), o.part)).toHaveLength(2);
    expect(await trackingOf(db(), o.stock)).toHaveLength(0);
    expect((await lineOf(o.line))?.shipped).toBe(0);
    expect((await t.call("GET", `/api/order/so/shipment/${o.shipment}/`)).body.shipment_date).toBeNull();
  });

  test("stock already with a customer cannot be allocated", async () => {
    const o = await setup();
    await db().write((tx) => tx.q.update(T.stockItems).set({ customer: o.customer }).where(eq(T.stockItems.id, o.stock)));
    const r = await t.call("POST", `/api/order/so/${o.order}/allocate/`, { items: [{ line_item: o.line, stock_item: o.stock, quantity: 1 }] });
    expect(r.body.items[0].stock_item).toEqual(["Stock item is not in stock"]);
  });
});

describe("available_stock on SO lines", () => {
  /**
   * InvenTree's figure recounted from the items themselves: the part's in-stock quantity less what is
   * allocated from its in-stock items, floored at 0 (what the line list computed per item before it
   * took the maintained per-part total).
   */
  const recount = async (part: number) => {
    const items = await db().q.select().from(T.stockItems).where(eq(T.stockItems.part, part));
    const inStock = items.filter((i) => [10, 50, 55, 85].includes(i.status) && i.quantity > 0 && i.customer === null && i.sales_order === null);
    const allocations = await db().q.select().from(T.salesOrderAllocations);
    const ids = new Set(inStock.map((i) => i.id));
    const allocated = allocations.filter((a) => ids.has(a.item)).reduce((n, a) => n + a.quantity, 0);
    return Math.max(inStock.reduce((n, i) => n + i.quantity, 0) - allocated, 0);
  };

  test("is the in-stock quantity less the allocations of in-stock items, on every line of the part, through every change", async () => {
    const o = await setup();
    const five = await makeStockItem(db(), { part: o.part, location: o.location, quantity: 5 });
    const small = await makeStockItem(db(), { part: o.part, location: o.location, quantity: 2.5 });
    const other = await makeSalesOrder(db(), { customer: o.customer, status: 15 });
    const lineB = await makeSalesLine(db(), { order: other, part: o.part, quantity: 5 });
    const noStock = await makePart(db(), { salable: true });
    const lineC = await makeSalesLine(db(), { order: other, part: noStock, quantity: 1 });
    const check = async (expected: number) => {
      expect(await recount(o.part)).toBe(expected);
      for (const line of [o.line, lineB]) expect((await t.call("GET", `/api/order/so-line/${line}/`)).body.available_stock).toBe(expected);
      const list = await t.call("GET", `/api/order/so-line/?part=${o.part}&limit=10`);
      expect(list.body.results.map((l: { available_stock: number }) => l.available_stock)).toEqual([expected, expected]);
      expect((await t.call("GET", `/api/order/so-line/${lineC}/`)).body.available_stock).toBe(0);
    };
    await check(17.5);
    const alloc = async (order: number, line: number, item: number, quantity: number) =>
      expect((await t.call("POST", `/api/order/so/${order}/allocate/`, { items: [{ line_item: line, stock_item: item, quantity }] })).status).toBe(201);
    await alloc(o.order, o.line, o.stock, 4);
    await alloc(other, lineB, five, 2);
    await alloc(o.order, o.line, small, 1);
    await check(10.5);
    // An allocated item leaves stock (lost): neither its quantity nor its allocation counts.
    expect((await t.call("PATCH", `/api/stock/${small}/`, { status: 70 })).status).toBe(200);
    await check(9);
    // A count below the allocations: the figure floors at 0 rather than going negative.
    expect((await t.call("POST", "/api/stock/count/", { items: [{ pk: o.stock, quantity: 0 }, { pk: five, quantity: 1 }] })).status).toBe(201);
    await check(0);
    // Back in stock: the allocations count again.
    expect((await t.call("PATCH", `/api/stock/${small}/`, { status: 10 })).status).toBe(200);
    await check(await recount(o.part));
    expect(await recount(o.part)).toBe(0.5);
  });
});
