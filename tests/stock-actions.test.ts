import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makeLocation, makePart, makeStockItem } from "./support/factory.ts";
import { expectStaffOnly, trackingOf } from "./support/factory-stock.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());
const db = () => t.services.database;
const item = async (v: { quantity?: number; location?: number | null; serial?: string } = {}) => await makeStockItem(db(), { part: await makePart(db()), quantity: 10, ...v });
const quantityOf = async (pk: number) => (await t.call("GET", `/api/stock/${pk}/`)).body.quantity;

describe("stock actions: auth and body validation", () => {
  for (const action of ["add", "remove", "count", "transfer"]) {
    test(`${action}: 401/403, then missing and mistyped fields are 400`, async () => {
      await expectStaffOnly(t, "POST", `/api/stock/${action}/`, { items: [{ pk: 1, quantity: 1 }], location: 1 });
      const empty = await t.call("POST", `/api/stock/${action}/`, {});
      expect(empty.status).toBe(400);
      expect(empty.body.items).toEqual(["This field is required."]);
      const none = await t.call("POST", `/api/stock/${action}/`, { items: [], location: 1 });
      expect(none.body.items).toEqual(["This list may not be empty."]);
      const typed = await t.call("POST", `/api/stock/${action}/`, { items: [{ pk: "x", quantity: "y" }], location: 1 });
      expect(typed.status).toBe(400);
      expect(typed.body.items[0].pk).toBeDefined();
      expect(typed.body.items[0].quantity).toBeDefined();
      const missingQty = await t.call("POST", `/api/stock/${action}/`, { items: [{ pk: 1 }], location: 1 });
      expect(missingQty.body.items[0].quantity).toEqual(["This field is required."]);
      const negative = await t.call("POST", `/api/stock/${action}/`, { items: [{ pk: 1, quantity: -1 }], location: 1 });
      expect(negative.status).toBe(400);
      expect(negative.body.items[0].quantity[0]).toContain("Ensure this value is greater than");
    });
  }

  test("zero is refused for add/remove/transfer but allowed for count", async () => {
    const pk = await item();
    for (const action of ["add", "remove"]) {
      const r = await t.call("POST", `/api/stock/${action}/`, { items: [{ pk, quantity: 0 }] });
      expect(r.body.items[0].quantity).toEqual(["Ensure this value is greater than 0."]);
    }
    const c = await t.call("POST", "/api/stock/count/", { items: [{ pk, quantity: 0 }] });
    expect(c.status).toBe(201);
    expect(await quantityOf(pk)).toBe(0);
  });

  test("transfer needs a location", async () => {
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: await item(), quantity: 1 }] });
    expect(r.status).toBe(400);
    expect(r.body.location).toEqual(["This field is required."]);
  });
});

describe("stock actions: add, remove, count", () => {
  test("add writes STOCK_ADD with added and quantity, attributed to the user", async () => {
    const pk = await item();
    const r = await t.call("POST", "/api/stock/add/", { items: [{ pk, quantity: 5 }], notes: "restock" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.items).toEqual([{ pk, quantity: 5 }]);
    expect(r.body.notes).toBe("restock");
    expect(r.body.stock_items[0]).toMatchObject({ pk, quantity: 15 });
    const [e] = await trackingOf(t, pk);
    expect(e).toMatchObject({ tracking_type: 11, label: "Stock manually added", notes: "restock", user: t.users.staff, deltas: { added: 5, quantity: 15 } });
  });

  test("remove writes STOCK_REMOVE with removed and quantity", async () => {
    const pk = await item({ quantity: 15 });
    await t.call("POST", "/api/stock/remove/", { items: [{ pk, quantity: 2 }] });
    expect(await quantityOf(pk)).toBe(13);
    const [e] = await trackingOf(t, pk);
    expect(e).toMatchObject({ tracking_type: 12, deltas: { removed: 2, quantity: 13 } });
  });

  test("count writes STOCK_COUNT with the quantity and sets stocktake_date", async () => {
    const pk = await item();
    const r = await t.call("POST", "/api/stock/count/", { items: [{ pk, quantity: 20 }] });
    expect(r.body.stock_items[0].quantity).toBe(20);
    expect(r.body.stock_items[0].stocktake_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [e] = await trackingOf(t, pk);
    expect(e).toMatchObject({ tracking_type: 10, label: "Stock counted", deltas: { quantity: 20 } });
  });

  test("fractional quantities do not drift", async () => {
    const pk = await item({ quantity: 0.1 });
    await t.call("POST", "/api/stock/add/", { items: [{ pk, quantity: 0.2 }] });
    expect(await quantityOf(pk)).toBe(0.3);
  });

  test("per-line batch and status changes are applied and recorded", async () => {
    const pk = await item();
    await t.call("POST", "/api/stock/add/", { items: [{ pk, quantity: 1, batch: "NEW", status: 50 }] });
    const got = (await t.call("GET", `/api/stock/${pk}/`)).body;
    expect(got).toMatchObject({ batch: "NEW", status: 50, quantity: 11 });
    expect((await trackingOf(t, pk))[0].deltas).toEqual({ batch: "NEW", status: 50, added: 1, quantity: 11 });
  });

  test("removing more than the item holds is 400 on that line's quantity", async () => {
    const ok = await item();
    const small = await item({ quantity: 3 });
    const r = await t.call("POST", "/api/stock/remove/", { items: [{ pk: ok, quantity: 1 }, { pk: small, quantity: 4 }] });
    expect(r.status).toBe(400);
    expect(r.body.items[0]).toEqual({});
    expect(r.body.items[1].quantity[0]).toContain("exceed");
  });

  test("serialized items cannot be added to or removed from; count above 1 is refused", async () => {
    const pk = await item({ quantity: 1, serial: "SN-1" });
    expect((await t.call("POST", "/api/stock/add/", { items: [{ pk, quantity: 1 }] })).body.items[0].quantity).toBeDefined();
    expect((await t.call("POST", "/api/stock/remove/", { items: [{ pk, quantity: 1 }] })).body.items[0].quantity).toBeDefined();
    expect((await t.call("POST", "/api/stock/count/", { items: [{ pk, quantity: 2 }] })).body.items[0].quantity).toBeDefined();
    expect((await t.call("POST", "/api/stock/count/", { items: [{ pk, quantity: 0 }] })).status).toBe(201);
  });

  test("stock sent to a customer is not in stock and cannot be adjusted", async () => {
    const pk = await item();
    await t.call("PATCH", `/api/stock/${pk}/`, { customer: await makeCompany(db()) });
    const r = await t.call("POST", "/api/stock/add/", { items: [{ pk, quantity: 1 }] });
    expect(r.status).toBe(400);
    expect(r.body.items[0].pk).toEqual(["Stock item is not in stock"]);
  });
});

describe("stock actions: all or nothing", () => {
  test("unknown pk is 400 on that line's pk; the other lines are not applied", async () => {
    const a = await item();
    const b = await item();
    const before = (await trackingOf(t, a)).length;
    const r = await t.call("POST", "/api/stock/add/", { items: [{ pk: a, quantity: 1 }, { pk: 999999, quantity: 1 }, { pk: b, quantity: 1 }] });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ items: [{}, { pk: ['Invalid pk "999999" - object does not exist.'] }, {}] });
    expect(await quantityOf(a)).toBe(10);
    expect(await quantityOf(b)).toBe(10);
    expect((await trackingOf(t, a)).length).toBe(before);
  });

  test("duplicate pks are 400", async () => {
    const a = await item();
    const r = await t.call("POST", "/api/stock/count/", { items: [{ pk: a, quantity: 1 }, { pk: a, quantity: 2 }] });
    expect(r.status).toBe(400);
    expect(r.body.items[0]).toEqual({});
    expect(r.body.items[1].pk).toBeDefined();
    expect(await quantityOf(a)).toBe(10);
  });

  test("a failing transfer line leaves every item where it was", async () => {
    const from = await makeLocation(db());
    const to = await makeLocation(db());
    const a = await item({ location: from });
    const b = await item({ location: from, quantity: 2 });
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: a, quantity: 10 }, { pk: b, quantity: 5 }], location: to });
    expect(r.status).toBe(400);
    expect(r.body.items[1].quantity).toBeDefined();
    expect((await t.call("GET", `/api/stock/${a}/`)).body.location).toBe(from);
    expect((await t.call("GET", `/api/stock/?location=${to}`)).body).toEqual([]);
  });

  test("several good lines are applied together", async () => {
    const a = await item();
    const b = await item({ quantity: 4 });
    const r = await t.call("POST", "/api/stock/remove/", { items: [{ pk: a, quantity: 10 }, { pk: b, quantity: 1 }] });
    expect(r.status).toBe(201);
    expect(r.body.stock_items.map((i: { quantity: number }) => i.quantity)).toEqual([0, 3]);
  });
});

describe("stock actions: transfer", () => {
  test("a whole item moves with LOCATION_CHANGE {location, old_location}", async () => {
    const from = await makeLocation(db());
    const to = await makeLocation(db());
    const pk = await item({ location: from });
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk, quantity: 10 }], location: to, notes: "move" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.location).toBe(to);
    expect(r.body.stock_items).toHaveLength(1);
    expect(r.body.stock_items[0]).toMatchObject({ pk, location: to, quantity: 10 });
    const [e] = await trackingOf(t, pk);
    expect(e).toMatchObject({ tracking_type: 20, label: "Location changed", notes: "move", user: t.users.staff, deltas: { location: to, old_location: from } });
  });

  test("part of a non-serialized item splits it, with SPLIT_FROM_PARENT on the child and SPLIT_CHILD_ITEM on the parent", async () => {
    const from = await makeLocation(db());
    const to = await makeLocation(db());
    const pk = await makeStockItem(db(), { part: await makePart(db()), quantity: 10, location: from, batch: "LOT-7" });
    await t.call("POST", "/api/stock/test/", { stock_item: pk, test: "Visual check", result: true });
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk, quantity: 4 }], location: to });
    expect(r.status).toBe(201);
    const [parent, child] = r.body.stock_items;
    expect(parent).toMatchObject({ pk, quantity: 6, location: from });
    expect(child).toMatchObject({ quantity: 4, location: to, batch: "LOT-7" });
    expect(child.pk).not.toBe(pk);
    const [childEntry] = await trackingOf(t, child.pk);
    expect(childEntry).toMatchObject({ tracking_type: 40, deltas: { stockitem: pk, location: to, quantity: 4 } });
    const [parentEntry] = await trackingOf(t, pk);
    expect(parentEntry).toMatchObject({ tracking_type: 42, deltas: { stockitem: child.pk, removed: 4, quantity: 6, location: to } });
    const tests = await t.call("GET", `/api/stock/test/?stock_item=${child.pk}`);
    expect(tests.body.map((x: { test: string }) => x.test)).toEqual(["Visual check"]);
  });

  test("serialized items move whole", async () => {
    const to = await makeLocation(db());
    const pk = await item({ quantity: 1, serial: "X1" });
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk, quantity: 1 }], location: to });
    expect(r.body.stock_items).toHaveLength(1);
    expect(r.body.stock_items[0]).toMatchObject({ pk, location: to, serial: "X1" });
  });

  test("moving into the current location is recorded as STOCK_UPDATE", async () => {
    const here = await makeLocation(db());
    const pk = await item({ location: here });
    await t.call("POST", "/api/stock/transfer/", { items: [{ pk, quantity: 10 }], location: here });
    expect((await trackingOf(t, pk))[0]).toMatchObject({ tracking_type: 25, deltas: {} });
  });

  test("unknown or structural destinations are 400 on location", async () => {
    const pk = await item();
    const unknown = await t.call("POST", "/api/stock/transfer/", { items: [{ pk, quantity: 1 }], location: 999999 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.location[0]).toContain("does not exist");
    const structural = await t.call("POST", "/api/stock/transfer/", { items: [{ pk, quantity: 1 }], location: await makeLocation(db(), { structural: true }) });
    expect(structural.status).toBe(400);
    expect(structural.body.location[0]).toContain("structural");
    expect(await quantityOf(pk)).toBe(10);
  });

  test("transferring more than the item holds is 400 on the line's quantity", async () => {
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: await item(), quantity: 11 }], location: await makeLocation(db()) });
    expect(r.status).toBe(400);
    expect(r.body.items[0].quantity[0]).toContain("exceed");
  });
});
