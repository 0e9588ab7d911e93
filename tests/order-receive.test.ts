import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import * as T from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeLocation, makePurchaseOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";
import { makePurchaseLine, makePurchaseSetup, stockOfPart, trackingOf } from "./support/factory-order.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const db = () => t.services.database;
const line = async (id: number) => (await db().q.select().from(T.purchaseOrderLines).where(eq(T.purchaseOrderLines.id, id)))[0];
const order = async (id: number) => (await db().q.select().from(T.purchaseOrders).where(eq(T.purchaseOrders.id, id)))[0];

/** A PLACED order with one line of `quantity` packs. */
async function placedOrder(opts: { pack?: number; quantity?: number; price?: number } = {}) {
  const p = await makePurchaseSetup(db(), { pack: opts.pack });
  const po = await makePurchaseOrder(db(), { supplier: p.supplier, status: 20 });
  const l = await makePurchaseLine(db(), { order: po, part: p.supplierPart, quantity: opts.quantity ?? 10, purchase_price: opts.price ?? null });
  return { ...p, po, line: l };
}

describe("receive", () => {
  test("partial receipt creates stock, raises received, writes tracking", async () => {
    const o = await placedOrder();
    const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 4, batch_code: "B-1" }], location: o.location }, "staff");
    expect(r.status).toBe(201);
    expect(r.body).toHaveLength(1);
    expect(r.body[0]).toMatchObject({ part: o.part, supplier_part: o.supplierPart, purchase_order: o.po, quantity: 4, location: o.location, batch: "B-1", status: 10 });
    expect((await line(o.line))?.received).toBe(4);
    expect((await order(o.po))?.status).toBe(20);
    const tracking = await trackingOf(db(), r.body[0].pk);
    expect(tracking).toHaveLength(1);
    expect(tracking[0]).toMatchObject({ tracking_type: 70, user: t.users.staff });
    expect(tracking[0].deltas).toEqual({ location: o.location, purchaseorder: o.po, quantity: 4 });
  });

  test("receiving the rest completes the line and (InvenTree's default) the order", async () => {
    const o = await placedOrder();
    await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 3 }], location: o.location });
    const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 7 }], location: o.location });
    expect(r.status).toBe(201);
    expect((await line(o.line))?.received).toBe(10);
    expect((await order(o.po))?.status).toBe(30);
    expect((await order(o.po))?.complete_date).not.toBeNull();
    expect((await stockOfPart(db(), o.part)).map((i) => i.quantity)).toEqual([3, 7]);
    const po = await t.call("GET", `/api/order/po/${o.po}/`);
    expect(po.body.completed_lines).toBe(1);
  });

  test("PURCHASEORDER_AUTO_COMPLETE off: the last receipt leaves the order PLACED", async () => {
    const setting = await t.call("GET", "/api/settings/global/PURCHASEORDER_AUTO_COMPLETE/", undefined, "readonly");
    expect(setting.body).toMatchObject({ key: "PURCHASEORDER_AUTO_COMPLETE", value: "True", type: "boolean" });
    expect((await t.call("PATCH", "/api/settings/global/PURCHASEORDER_AUTO_COMPLETE/", { value: false })).body.value).toBe("False");
    try {
      const o = await placedOrder();
      const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 10 }], location: o.location });
      expect(r.status).toBe(201);
      expect((await line(o.line))?.received).toBe(10);
      expect((await order(o.po))?.status).toBe(20);
      expect((await order(o.po))?.complete_date).toBeNull();
    } finally {
      await t.call("PATCH", "/api/settings/global/PURCHASEORDER_AUTO_COMPLETE/", { value: true });
    }
  });

  test("pack sizes convert to the part's units; price is per unit", async () => {
    const o = await placedOrder({ pack: 25, quantity: 2, price: 50 });
    const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 1 }], location: o.location });
    expect(r.status).toBe(201);
    expect(r.body[0].quantity).toBe(25);
    expect(r.body[0].purchase_price).toBe(2);
    // `received` counts packs, as the line's quantity does.
    expect((await line(o.line))?.received).toBe(1);
  });

  test("serial numbers make one item each", async () => {
    const o = await placedOrder({ quantity: 5 });
    const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 3, serial_numbers: "100-101, 105" }], location: o.location });
    expect(r.status).toBe(201);
    expect(r.body.map((i: { serial: string; quantity: number }) => [i.serial, i.quantity])).toEqual([
      ["100", 1],
      ["101", 1],
      ["105", 1],
    ]);
    for (const item of r.body) expect((await trackingOf(db(), item.pk)).map((e) => e.tracking_type)).toEqual([70]);
    expect((await line(o.line))?.received).toBe(3);
  });

  test("serial numbers take the same expressions as POST /api/stock/ (\"~\" continues the part's serials, \"N+\" fills the quantity)", async () => {
    const o = await placedOrder({ quantity: 10 });
    await makeStockItem(db(), { part: o.part, serial: "41", quantity: 1 });
    const next = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 2, serial_numbers: "~, ~" }], location: o.location });
    expect(next.status).toBe(201);
    expect(next.body.map((i: { serial: string }) => i.serial)).toEqual(["42", "43"]);
    const seq = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 3, serial_numbers: "A007+" }], location: o.location });
    expect(seq.status).toBe(201);
    expect(seq.body.map((i: { serial: string }) => i.serial)).toEqual(["A007", "A008", "A009"]);
    const bad = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 2, serial_numbers: "5-5" }], location: o.location });
    expect(bad.status).toBe(400);
    expect(bad.body.items[0].serial_numbers[0]).toContain("Invalid group range");
    expect((await line(o.line))?.received).toBe(5);
  });

  test("serial numbers: count must match, existing serials are refused", async () => {
    const o = await placedOrder({ quantity: 5, pack: 2 });
    const count = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 1, serial_numbers: "1" }], location: o.location });
    expect(count.status).toBe(400);
    expect(count.body.items[0].serial_numbers).toEqual(["Number of unique serial numbers (1) must match quantity (2)"]);
    await makeStockItem(db(), { part: o.part, serial: "7", quantity: 1 });
    const taken = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 1, serial_numbers: "7 8" }], location: o.location });
    expect(taken.status).toBe(400);
    expect(taken.body.items[0].serial_numbers[0]).toContain("already exist");
    const twice = await t.call("POST", `/api/order/po/${o.po}/receive/`, {
      items: [
        { line_item: o.line, quantity: 1, serial_numbers: "20,21" },
        { line_item: o.line, quantity: 1, serial_numbers: "21,22" },
      ],
      location: o.location,
    });
    expect(twice.status).toBe(400);
    expect(twice.body.items[0]).toEqual({});
    expect(twice.body.items[1].serial_numbers[0]).toContain("21");
    expect((await line(o.line))?.received).toBe(0);
  });

  test("a line of another order is refused on that item", async () => {
    const o = await placedOrder();
    const other = await placedOrder();
    const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, {
      items: [
        { line_item: o.line, quantity: 1 },
        { line_item: other.line, quantity: 1 },
      ],
      location: o.location,
    });
    expect(r.status).toBe(400);
    expect(r.body.items).toEqual([{}, { line_item: ["Line item does not match purchase order"] }]);
    expect(await stockOfPart(db(), o.part)).toHaveLength(0);
  });

  test("only a PLACED order receives", async () => {
    const o = await placedOrder();
    for (const status of [10, 25, 30, 40]) {
      await db().write((tx) => tx.q.update(T.purchaseOrders).set({ status }).where(eq(T.purchaseOrders.id, o.po)));
      const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 1 }], location: o.location });
      expect(r.status).toBe(400);
      expect(r.body.non_field_errors).toEqual(["Lines can only be received against an order marked as 'PLACED'"]);
    }
    expect(await stockOfPart(db(), o.part)).toHaveLength(0);
  });

  test("all or nothing: one bad item rolls back the others", async () => {
    const o = await placedOrder();
    const second = await makePurchaseLine(db(), { order: o.po, part: o.supplierPart, quantity: 5 });
    const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, {
      items: [
        { line_item: o.line, quantity: 2 },
        { line_item: second, quantity: 1, location: 99999 },
        { line_item: 99999, quantity: 1 },
      ],
      location: o.location,
    });
    expect(r.status).toBe(400);
    expect(r.body.items).toEqual([{}, { location: ['Invalid pk "99999" - object does not exist.'] }, { line_item: ['Invalid pk "99999" - object does not exist.'] }]);
    expect((await line(o.line))?.received).toBe(0);
    expect((await line(second))?.received).toBe(0);
    expect(await stockOfPart(db(), o.part)).toHaveLength(0);
  });

  test("location: item, then top level, then line destination, then order destination, else 400", async () => {
    const o = await placedOrder();
    const [itemLoc, lineLoc, orderLoc] = [await makeLocation(db()), await makeLocation(db()), await makeLocation(db())];
    const receive = async (item: Record<string, unknown>, top?: number) =>
      (await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 1, ...item }], ...(top ? { location: top } : {}) })).body;
    const none = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 1 }] });
    expect(none.status).toBe(400);
    expect(none.body.location).toEqual(["Destination location must be specified"]);
    await db().write((tx) => tx.q.update(T.purchaseOrders).set({ destination: orderLoc }).where(eq(T.purchaseOrders.id, o.po)));
    expect((await receive({}))[0].location).toBe(orderLoc);
    await db().write((tx) => tx.q.update(T.purchaseOrderLines).set({ destination: lineLoc }).where(eq(T.purchaseOrderLines.id, o.line)));
    expect((await receive({}))[0].location).toBe(lineLoc);
    expect((await receive({}, o.location))[0].location).toBe(o.location);
    expect((await receive({ location: itemLoc }, o.location))[0].location).toBe(itemLoc);
  });

  test("bad input names the field", async () => {
    const o = await placedOrder();
    const url = `/api/order/po/${o.po}/receive/`;
    expect((await t.call("POST", url, { items: [] })).body.non_field_errors).toEqual(["Line items must be provided"]);
    expect((await t.call("POST", url, {})).body.items).toEqual(["This field is required."]);
    expect((await t.call("POST", url, { items: [{ line_item: o.line, quantity: -2 }], location: o.location })).body.items[0].quantity).toBeDefined();
    expect((await t.call("POST", url, { items: [{ line_item: o.line, quantity: "x" }], location: o.location })).body.items[0].quantity).toEqual(["A valid number is required."]);
    expect((await t.call("POST", url, { items: [{ quantity: 1 }], location: o.location })).body.items[0].line_item).toEqual(["This field is required."]);
    expect((await t.call("POST", url, { items: [{ line_item: o.line, quantity: 1, status: 12345 }], location: o.location })).body.items[0].status).toEqual(['"12345" is not a valid choice.']);
    expect((await t.call("POST", url, { items: [{ line_item: o.line, quantity: 1 }], location: 99999 })).body.location).toEqual(['Invalid pk "99999" - object does not exist.']);
    expect((await t.call("POST", "/api/order/po/99999/receive/", { items: [{ line_item: o.line, quantity: 1 }], location: o.location })).status).toBe(404);
    expect(await stockOfPart(db(), o.part)).toHaveLength(0);
  });

  test("a status given per item is kept", async () => {
    const o = await placedOrder();
    const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, { items: [{ line_item: o.line, quantity: 1, status: 55 }], location: o.location });
    expect(r.body[0].status).toBe(55);
  });

  test("two lines for the same supplier part are received together", async () => {
    const o = await placedOrder({ quantity: 2 });
    const sp2 = await makeSupplierPart(db(), { part: o.part, supplier: o.supplier, pack_quantity_native: 10 });
    const l2 = await makePurchaseLine(db(), { order: o.po, part: sp2, quantity: 1 });
    const r = await t.call("POST", `/api/order/po/${o.po}/receive/`, {
      items: [
        { line_item: o.line, quantity: 2 },
        { line_item: l2, quantity: 1 },
      ],
      location: o.location,
    });
    expect(r.status).toBe(201);
    expect(r.body.map((i: { quantity: number }) => i.quantity)).toEqual([2, 10]);
    expect((await order(o.po))?.status).toBe(30);
  });
});
