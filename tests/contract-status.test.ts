/**
 * Contract: the status classes the app loads after login (inventree-app lib/api.dart:1765-1785,
 * lib/inventree/status_codes.dart) and how it reads them, against InvenTree's StatusView
 * (generic/states/api.py) and the codes of stock/status_codes.py and order/status_codes.py.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

type Values = Record<string, { key: unknown; name: unknown; label: unknown; color: unknown }>;

/** status_codes.dart:43-65: GET <url>, 200, `values` as a map. */
async function load(url: string): Promise<Values> {
  const r = await t.call("GET", `/api/${url}`, undefined, "readonly");
  expect(r.status).toBe(200);
  expect(typeof r.body.values).toBe("object");
  return r.body.values as Values;
}

/** status_codes.dart:68-85: the entry whose `key` is an int equal to the code. */
const entry = (values: Values, code: number) => Object.values(values).find((e) => typeof e.key === "number" && e.key === code);
/** status_codes.dart:103-118 isNameIn. */
const isNameIn = (values: Values, code: number, names: string[]) => names.includes((entry(values, code)?.name as string) ?? "");
/** status_codes.dart:126-142: the colours the app knows. */
const APP_COLORS = ["success", "primary", "secondary", "dark", "danger", "warning", "info"];

/** InvenTree's classes: NAME → [key, label, color]. */
const INVENTREE: Record<string, [string, Record<string, [number, string, string]>]> = {
  "stock/status/": [
    "StockStatus",
    {
      OK: [10, "OK", "success"],
      ATTENTION: [50, "Attention needed", "warning"],
      DAMAGED: [55, "Damaged", "warning"],
      DESTROYED: [60, "Destroyed", "danger"],
      REJECTED: [65, "Rejected", "danger"],
      LOST: [70, "Lost", "dark"],
      QUARANTINED: [75, "Quarantined", "info"],
      RETURNED: [85, "Returned", "warning"],
    },
  ],
  "order/po/status/": [
    "PurchaseOrderStatus",
    {
      PENDING: [10, "Pending", "secondary"],
      PLACED: [20, "Placed", "primary"],
      ON_HOLD: [25, "On Hold", "warning"],
      COMPLETE: [30, "Complete", "success"],
      CANCELLED: [40, "Cancelled", "danger"],
      LOST: [50, "Lost", "warning"],
      RETURNED: [60, "Returned", "warning"],
    },
  ],
  "order/so/status/": [
    "SalesOrderStatus",
    {
      PENDING: [10, "Pending", "secondary"],
      IN_PROGRESS: [15, "In Progress", "primary"],
      SHIPPED: [20, "Shipped", "primary"],
      ON_HOLD: [25, "On Hold", "warning"],
      COMPLETE: [30, "Complete", "success"],
      CANCELLED: [40, "Cancelled", "danger"],
      LOST: [50, "Lost", "warning"],
      RETURNED: [60, "Returned", "warning"],
    },
  ],
};

describe("status classes (lib/api.dart:1765-1771)", () => {
  for (const [url, [cls, codes]] of Object.entries(INVENTREE)) {
    test(`${url}: InvenTree's ${cls}, every key, name, label and colour`, async () => {
      const r = await t.call("GET", `/api/${url}`, undefined, "readonly");
      expect(r.body.status_class).toBe(cls); // InvenTree's GenericStateClassSerializer
      expect(r.body.class).toBe(cls); // the key earlier InvenTree versions used
      const values = r.body.values as Values;
      expect(Object.keys(values)).toEqual(Object.keys(codes));
      for (const [name, [key, label, color]] of Object.entries(codes)) {
        expect(values[name]).toEqual({ key, name, label, color });
        expect(APP_COLORS).toContain(values[name].color as string);
      }
    });
  }

  test("stock/track/status/: StockHistoryCode with InvenTree's codes and labels", async () => {
    const values = await load("stock/track/status/");
    expect(entry(values, 10)).toMatchObject({ name: "STOCK_COUNT", label: "Stock counted" });
    expect(entry(values, 20)).toMatchObject({ name: "STOCK_MOVE", label: "Location changed" });
    expect(entry(values, 70)).toMatchObject({ name: "RECEIVED_AGAINST_PURCHASE_ORDER", label: "Received against Purchase Order" });
    for (const e of Object.values(values)) {
      expect(Number.isInteger(e.key)).toBe(true); // status_codes.dart:75 `_status is int`
      expect(typeof e.label).toBe("string"); // :91 `as String`
      expect(typeof e.name).toBe("string"); // :106 `as String`
      expect(APP_COLORS).toContain(e.color as string); // :124 `as String`
    }
  });

  test("anyone signed in may load them; without credentials 401", async () => {
    for (const url of ["stock/status/", "stock/track/status/", "order/po/status/", "order/so/status/"]) {
      expect((await t.call("GET", `/api/${url}`, undefined, null)).status).toBe(401);
    }
  });

  test("the status routes are not read as order pks", async () => {
    expect((await t.call("GET", "/api/order/po/1/", undefined, "readonly")).status).toBe(200);
    expect((await t.call("GET", "/api/order/so/shipment/", undefined, "readonly")).status).toBe(200);
  });
});

describe("what the app decides from them", () => {
  test("open purchase orders read as open (purchase_order.dart:102-117): receive by scan is offered", async () => {
    const values = await load("order/po/status/");
    const orders = (await t.call("GET", "/api/order/po/", undefined, "readonly")).body as { pk: number; status: number; status_text: string }[];
    expect(orders.length).toBeGreaterThan(0);
    for (const o of orders) {
      const open = isNameIn(values, o.status, ["PENDING", "PLACED", "ON_HOLD"]);
      expect(open).toBe([10, 20, 25].includes(o.status));
      // The list's status_text and the class label are one definition.
      expect(o.status_text).toBe(entry(values, o.status)?.label as string);
    }
  });

  test("sales orders (sales_order.dart:120-132): open / in progress / shipped by name", async () => {
    const values = await load("order/so/status/");
    expect(isNameIn(values, 15, ["IN_PROGRESS"])).toBe(true);
    expect(isNameIn(values, 20, ["SHIPPED"])).toBe(true);
    expect(isNameIn(values, 10, ["PENDING", "IN_PROGRESS", "ON_HOLD"])).toBe(true);
    expect(isNameIn(values, 30, ["PENDING", "IN_PROGRESS", "ON_HOLD"])).toBe(false);
  });

  test("stock status choices for forms (status_codes.dart:28-40) match the items' status_text", async () => {
    const values = await load("stock/status/");
    const choices = Object.values(values).map((e) => ({ value: e.key, display_name: e.label }));
    expect(choices).toContainEqual({ value: 10, display_name: "OK" });
    const items = (await t.call("GET", "/api/stock/?limit=5", undefined, "readonly")).body.results as { status: number; status_text: string }[];
    for (const i of items) expect(i.status_text).toBe(entry(values, i.status)?.label as string);
  });
});
