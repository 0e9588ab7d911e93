/**
 * Issue 10: numbers and pks read as InvenTree reads them, through HTTP.
 * - Path pks follow Django's `<int:pk>` converter (django/urls/converters.py IntConverter:
 *   regex "[0-9]+", to_python int(value)): `0x1`, `1e0`, `+1`, `-1`, `1.0` match no URL (404);
 *   `00001` is pk 1, as in Django.
 * - Quantities follow DRF DecimalField(max_digits=15, decimal_places=5) (InvenTree's
 *   StockAdjustmentItemSerializer.quantity and the StockItem model field): refused, not rounded.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makePart, makeStockItem } from "./support/factory.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
let item: number;
let part: number;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  part = await makePart(t.services.database, { name: "Precision part" });
  item = await makeStockItem(t.services.database, { part, quantity: 10 });
});
afterAll(() => t.close());

/** GET routes whose only path parameter is `pk`, from the app itself. */
const pkRoutes = () => t.app.routes.filter((r) => r.method === "GET" && /^[^:]*:pk\/$/.test(r.path)).map((r) => r.path);

describe("path pks as Django's <int:pk>", () => {
  test("0x1, 1e0, +1, -1, 1.0, 0 and past 2^53 are 404 on every GET …/:pk/ route", async () => {
    const routes = pkRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const path of routes) {
      for (const pk of ["0x1", "1e0", "+1", "-1", "1.0", "0", "%201", "99999999999999999999"]) {
        const r = await t.call("GET", path.replace(":pk", pk));
        if (r.status !== 404) throw new Error(`${path} pk=${pk}: ${r.status} ${r.text.slice(0, 120)}`);
      }
    }
  });

  test("00001 is pk 1, as Django's int() reads it", async () => {
    const r = await t.call("GET", "/api/part/00001/");
    expect(r.status).toBe(200);
    expect(r.body.pk).toBe(1);
  });

  test("writes refuse the same spellings", async () => {
    expect((await t.call("PATCH", "/api/part/0x1/", { description: "x" })).status).toBe(404);
    expect((await t.call("DELETE", "/api/part/1e0/")).status).toBe(404);
  });
});

describe("quantities as DecimalField(max_digits=15, decimal_places=5)", () => {
  test("1e-320 added is a 400 naming the line's quantity, nothing tracked", async () => {
    const before = await t.call("GET", `/api/stock/track/?item=${item}`);
    for (const [quantity, message] of [
      [1e-320, "Ensure that there are no more than 15 digits in total."],
      [0.000001, "Ensure that there are no more than 5 decimal places."],
      ["1.123456", "Ensure that there are no more than 5 decimal places."],
      [1e10, "Ensure that there are no more than 10 digits before the decimal point."],
    ] as const) {
      const r = await t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity }] });
      expect(r.status).toBe(400);
      expect(r.body.items[0].quantity).toEqual([message]);
    }
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(10);
    expect((await t.call("GET", `/api/stock/track/?item=${item}`)).body.length).toBe(before.body.length);
  });

  test("five decimal places are kept exactly", async () => {
    const r = await t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: 0.00001 }] });
    expect([200, 201]).toContain(r.status);
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(10.00001);
  });

  test("stock item create and update refuse them too", async () => {
    const created = await t.call("POST", "/api/stock/", { part, quantity: 1e-320 });
    expect(created.status).toBe(400);
    expect(created.body.quantity).toEqual(["Ensure that there are no more than 15 digits in total."]);
    const patched = await t.call("PATCH", `/api/stock/${item}/`, { quantity: 2.1234567 });
    expect(patched.status).toBe(400);
    expect(patched.body.quantity).toEqual(["Ensure that there are no more than 5 decimal places."]);
  });
});
