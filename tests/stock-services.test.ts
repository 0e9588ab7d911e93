/** The stock services other modules call (orders receiving, the plugin host), driven directly. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TRACKING } from "../server/db/schema/stock.ts";
import { ApiError } from "../server/core/errors.ts";
import { adjustStock, splitStockItem } from "../server/modules/stock/adjust-service.ts";
import { getStockItem } from "../server/modules/stock/item-query.ts";
import { createStockItems } from "../server/modules/stock/item-service.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makeLocation, makePart, makePurchaseOrder, makeStockItem } from "./support/factory.ts";
import { trackingOf } from "./support/factory-stock.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());
const db = () => t.services.database;

describe("stock services", () => {
  test("adjustStock records the acting plugin on its tracking entries", async () => {
    const pk = await makeStockItem(db(), { part: await makePart(db()), quantity: 4 });
    await db().write((tx) => adjustStock(tx, "add", [{ pk, quantity: 2 }], t.users.staff, { plugin: "demo-plugin", notes: "by plugin" }));
    const [e] = await trackingOf(t, pk);
    expect(e).toMatchObject({ tracking_type: 11, plugin: "demo-plugin", user: t.users.staff, notes: "by plugin", deltas: { added: 2, quantity: 6 } });
  });

  test("adjustStock throws a DRF-shaped ApiError and the caller's transaction rolls back", async () => {
    const pk = await makeStockItem(db(), { part: await makePart(db()), quantity: 4 });
    let caught: unknown;
    try {
      await db().write(async (tx) => {
        await adjustStock(tx, "remove", [{ pk, quantity: 1 }], null);
        await adjustStock(tx, "remove", [{ pk, quantity: 99 }], null);
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).status).toBe(400);
    expect(((caught as ApiError).body.items as Record<string, string[]>[])[0].quantity).toBeDefined();
    expect((await getStockItem(db(), pk)).quantity).toBe(4);
  });

  test("createStockItems can write a receiving entry instead of CREATED", async () => {
    const po = await makePurchaseOrder(db(), { supplier: await makeCompany(db()) });
    const loc = await makeLocation(db());
    const part = await makePart(db());
    const ids = await t.services.database.write((tx) =>
      createStockItems(tx, [{ part, quantity: 5, location: loc, purchase_order: po }, { part, quantity: 1, serial: "R1", location: loc }], t.users.staff, {
        tracking: { code: TRACKING.RECEIVED_AGAINST_PURCHASE_ORDER, deltas: { purchaseorder: po } },
      }),
    );
    expect(ids).toHaveLength(2);
    const [e] = await trackingOf(t, ids[0]);
    expect(e).toMatchObject({ tracking_type: 70, label: "Received against Purchase Order", deltas: { purchaseorder: po, quantity: 5, location: loc } });
    expect((await getStockItem(db(), ids[1])).serial).toBe("R1");
  });

  test("createStockItems validates before writing", async () => {
    const part = await makePart(db());
    const database = t.services.database;
    await expect(database.write((tx) => createStockItems(tx, [{ part, quantity: 1, serial: "D" }, { part, quantity: 1, serial: "D" }], null))).rejects.toThrow(ApiError);
    await expect(database.write((tx) => createStockItems(tx, [{ part, quantity: 1, location: 999999 }], null))).rejects.toThrow(ApiError);
  });

  test("splitStockItem splits off part of an item", async () => {
    const pk = await makeStockItem(db(), { part: await makePart(db()), quantity: 8 });
    const child = await db().write((tx) => splitStockItem(tx, pk, 3, t.users.staff, { notes: "ship" }));
    expect((await getStockItem(db(), pk)).quantity).toBe(5);
    expect((await getStockItem(db(), child)).quantity).toBe(3);
    expect((await trackingOf(t, child))[0].tracking_type).toBe(40);
  });
});
