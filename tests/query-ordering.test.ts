/**
 * One ordering helper: order lists (db/query.ts orderingClause) and report / label template lists
 * (core/query.ts parseOrdering) read `ordering` as DRF's OrderingFilter does: listed fields, `-` for
 * descending, unknown fields ignored and, with none left, the list's default ordering.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

const refs = async (query: string) => {
  const r = await t.call("GET", `/api/order/po/?limit=100${query}`, undefined, "readonly");
  expect(r.status).toBe(200);
  return (r.body.results as { reference: string }[]).map((o) => o.reference);
};

test("purchase orders: default -reference, explicit fields either way, unknown fields fall back to the default", async () => {
  const byDefault = await refs("");
  expect(byDefault.length).toBeGreaterThan(1);
  const ascending = [...byDefault].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  expect(await refs("&ordering=reference")).toEqual(ascending);
  expect(await refs("&ordering=-reference")).toEqual(byDefault);
  expect(byDefault).toEqual([...ascending].reverse());
  expect(await refs("&ordering=no_such_field")).toEqual(byDefault);
  expect(await refs("&ordering=no_such_field,reference")).toEqual(ascending);
});

test("report and label templates: ordering=name / -name, unknown fields leave the list as it is", async () => {
  for (const kind of ["report", "label"]) {
    const names = async (q: string) => ((await t.call("GET", `/api/${kind}/?limit=100${q}`, undefined, "readonly")).body.results as { name: string }[]).map((x) => x.name);
    const plain = await names("");
    const sorted = [...plain].sort((a, b) => a.localeCompare(b));
    expect(await names("&ordering=name")).toEqual(sorted);
    expect(await names("&ordering=-name")).toEqual([...sorted].reverse());
    expect(await names("&ordering=bogus")).toEqual(plain);
  }
});

test("ordering by a field of a left-joined row: rows without one first ascending, last descending, as SQLite places NULLs (stock by location, parts by category, supplier parts by manufacturer)", async () => {
  // At least one row of each list without the joined row, and some with it (the demo data has both for parts and supplier parts).
  const item = (await t.call("POST", "/api/stock/", { part: 1, quantity: 1 })).body.pk as number;
  expect((await t.call("PATCH", `/api/stock/${item}/`, { location: null })).body.location).toBeNull();
  expect((await t.call("POST", "/api/part/", { name: "Uncategorised ordering part" })).status).toBe(201);
  const cases: Array<[string, string]> = [
    ["/api/stock/?limit=1000", "location"],
    ["/api/part/?limit=1000", "category"],
    ["/api/company/part/?limit=1000", "manufacturer"],
  ];
  for (const [list, field] of cases) {
    const absent = async (ordering: string) => ((await t.call("GET", `${list}&ordering=${ordering}`, undefined, "readonly")).body.results as Record<string, unknown>[]).map((r) => r[field] === null);
    const up = await absent(field);
    expect({ list, without: up.filter(Boolean).length > 0, with: up.some((x) => !x) }).toEqual({ list, without: true, with: true });
    expect({ list, ascending: up }).toEqual({ list, ascending: up.toSorted((a, b) => Number(b) - Number(a)) });
    const down = await absent(`-${field}`);
    expect({ list, descending: down }).toEqual({ list, descending: down.toSorted((a, b) => Number(a) - Number(b)) });
  }
});
