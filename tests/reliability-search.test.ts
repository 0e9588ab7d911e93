/**
 * Issue 10: every search escapes LIKE's wildcards and is Unicode-aware (NFKC + case fold on both
 * sides for a non-ASCII term), through HTTP on lists of each kind: SQL per-term (users, parts,
 * stock), SQL whole-string (orders), in memory (locations).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeCompany, makeLocation, makePart, makePurchaseOrder, makeStockItem } from "./support/factory.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
const NFC = "Caf\u00e9 Bleu";
const NFD = "Cafe\u0301 Noir";
beforeAll(async () => {
  t = await makeTestApp();
  const db = t.services.database;
  for (const [username, first_name] of [["percent", "100% sure"], ["under_score", "Ann"], ["plain", "Bob"], ["accent", "Zoë"]]) {
    expect((await t.call("POST", "/api/user/", { username, first_name, password: "long-enough-1" })).status).toBe(201);
  }
  const a = await makePart(db, { name: NFC, description: "upper: CAFÉ" });
  const b = await makePart(db, { name: NFD, description: "Straße 50%" });
  await makePart(db, { name: "Widget_1", description: "plain" });
  await makePart(db, { name: "Widget-2", description: "plain" });
  const loc = await makeLocation(db, { name: "Étagère", description: "shelf" });
  await makeLocation(db, { name: "Bin 5%", description: "bin" });
  await makeStockItem(db, { part: a, location: loc, batch: "LOT_7" });
  await makeStockItem(db, { part: b, batch: "LOT-8" });
  const supplier = await makeCompany(db, { name: "Société Générale", is_supplier: true });
  await makePurchaseOrder(db, { supplier, description: "order 10%" });
  await makePurchaseOrder(db, { supplier: await makeCompany(db, { name: "Acme", is_supplier: true }), description: "plain order" });
});
afterAll(() => t.close());

const names = async (path: string, key = "name"): Promise<string[]> => {
  const r = await t.call("GET", path);
  expect(r.status).toBe(200);
  return (Array.isArray(r.body) ? r.body : r.body.results).map((x: Record<string, string>) => x[key]).sort();
};

describe("LIKE wildcards in a search match literally", () => {
  test("GET /api/user/?search=% and _ match only users holding them", async () => {
    expect(await names("/api/user/?search=%25", "username")).toEqual(["percent"]);
    expect(await names("/api/user/?search=_", "username")).toEqual(["under_score"]);
    expect(await names("/api/user/?search=%5C", "username")).toEqual([]);
  });

  test("parts, stock, locations and purchase orders too", async () => {
    expect(await names("/api/part/?search=_")).toEqual(["Widget_1"]);
    expect(await names("/api/part/?search=%25")).toEqual([NFD]);
    expect((await t.call("GET", "/api/stock/?search=_")).body.map((s: { batch: string }) => s.batch)).toEqual(["LOT_7"]);
    expect(await names("/api/stock/location/?search=%25")).toEqual(["Bin 5%"]);
    expect(await names("/api/order/po/?search=%25", "description")).toEqual(["order 10%"]);
  });
});

describe("a search is Unicode-aware", () => {
  test("NFC finds NFD and NFD finds NFC", async () => {
    expect(await names(`/api/part/?search=${encodeURIComponent("Caf\u00e9")}`)).toEqual([NFC, NFD].sort());
    expect(await names(`/api/part/?search=${encodeURIComponent("cafe\u0301")}`)).toEqual([NFC, NFD].sort());
  });

  test("case folds beyond ASCII: CAFÉ finds Café, zoË finds Zoë, STRASSE finds Straße", async () => {
    expect(await names(`/api/part/?search=${encodeURIComponent("CAFÉ")}`)).toEqual([NFC, NFD].sort());
    expect(await names(`/api/user/?search=${encodeURIComponent("zoË")}`, "username")).toEqual(["accent"]);
    expect(await names(`/api/part/?search=${encodeURIComponent("STRAßE")}`)).toEqual([NFD]);
    expect(await names(`/api/part/?search=${encodeURIComponent("straße")}`)).toEqual([NFD]);
  });

  test("stock, locations (in memory) and orders (company name) fold too", async () => {
    const stock = await t.call("GET", `/api/stock/?search=${encodeURIComponent("CAFÉ")}&part_detail=true`);
    expect(stock.body.map((s: { batch: string }) => s.batch).sort()).toEqual(["LOT-8", "LOT_7"]);
    expect(await names(`/api/stock/location/?search=${encodeURIComponent("ÉTAGÈRE")}`)).toEqual(["Étagère"]);
    expect(await names(`/api/stock/location/?search=${encodeURIComponent("e\u0301tage\u0300re")}`)).toEqual(["Étagère"]);
    expect(await names(`/api/order/po/?search=${encodeURIComponent("SOCIÉTÉ")}`, "description")).toEqual(["order 10%"]);
  });

  test("an ASCII term still matches ASCII case-insensitively, as before", async () => {
    expect(await names("/api/part/?search=WIDGET")).toEqual(["Widget-2", "Widget_1"]);
    expect(await names("/api/user/?search=BOB", "username")).toEqual(["plain"]);
  });
});
