import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makePart, makeStockItem } from "./support/factory.ts";

let t: TestApp;
let a: number;
let b: number;
beforeAll(async () => {
  t = await makeTestApp();
  const part = await makePart(t.services.database);
  a = await makeStockItem(t.services.database, { part, quantity: 10 });
  b = await makeStockItem(t.services.database, { part, quantity: 10 });
  await t.call("POST", "/api/stock/add/", { items: [{ pk: a, quantity: 1 }], notes: "first" }, "staff");
  await t.call("POST", "/api/stock/remove/", { items: [{ pk: a, quantity: 2 }], notes: "second" }, "superuser");
  await t.call("POST", "/api/stock/count/", { items: [{ pk: b, quantity: 7 }], notes: "third" }, "staff");
});
afterAll(() => t.close());

type Entry = { pk: number; item: number; tracking_type: number; user: number; notes: string };

describe("stock tracking", () => {
  test("needs credentials; read-only users may read; writes are not routed", async () => {
    expect((await t.call("GET", "/api/stock/track/", undefined, null)).status).toBe(401);
    expect((await t.call("GET", "/api/stock/track/", undefined, "readonly")).status).toBe(200);
    expect((await t.call("POST", "/api/stock/track/", { item: a })).status).toBe(404);
  });

  test("newest first, with label, deltas and user_detail", async () => {
    const r = await t.call("GET", "/api/stock/track/", undefined, "readonly");
    const list = r.body as Entry[];
    expect(list.map((e) => e.notes)).toEqual(["third", "second", "first"]);
    expect(r.body[0]).toMatchObject({ item: b, tracking_type: 10, label: "Stock counted", deltas: { quantity: 7 }, user: t.users.staff, user_detail: { pk: t.users.staff, username: "staff" }, plugin: null });
    expect(typeof r.body[0].date).toBe("string");
  });

  test("filters item, user, tracking_type; search in notes; ordering", async () => {
    const notes = async (qs: string) => ((await t.call("GET", `/api/stock/track/?${qs}`)).body as Entry[]).map((e) => e.notes);
    expect(await notes(`item=${a}`)).toEqual(["second", "first"]);
    expect(await notes(`user=${t.users.superuser}`)).toEqual(["second"]);
    expect(await notes("tracking_type=11")).toEqual(["first"]);
    expect(await notes("search=thi")).toEqual(["third"]);
    expect(await notes("ordering=pk")).toEqual(["first", "second", "third"]);
    expect((await t.call("GET", "/api/stock/track/?item=abc")).status).toBe(400);
  });

  test("pagination", async () => {
    const r = await t.call("GET", "/api/stock/track/?limit=2");
    expect(r.body.count).toBe(3);
    expect(r.body.results.map((e: Entry) => e.notes)).toEqual(["third", "second"]);
    expect(r.body.next).toContain("offset=2");
    const last = await t.call("GET", "/api/stock/track/?limit=2&offset=2");
    expect(last.body.results.map((e: Entry) => e.notes)).toEqual(["first"]);
    expect(last.body.next).toBeNull();
  });

  test("detail by pk; unknown is 404", async () => {
    const [first] = (await t.call("GET", "/api/stock/track/?ordering=pk")).body as Entry[];
    const r = await t.call("GET", `/api/stock/track/${first.pk}/`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ pk: first.pk, item: a, tracking_type: 11, label: "Stock manually added", deltas: { added: 1, quantity: 11 } });
    expect((await t.call("GET", "/api/stock/track/999999/")).status).toBe(404);
  });

  test("GET /api/stock/track/status/ lists InvenTree's history codes", async () => {
    const r = await t.call("GET", "/api/stock/track/status/");
    expect(r.body.class).toBe("StockHistoryCode");
    expect(r.body.values.STOCK_MOVE).toMatchObject({ key: 20, label: "Location changed" });
    expect(r.body.values.SPLIT_CHILD_ITEM.key).toBe(42);
  });
});
