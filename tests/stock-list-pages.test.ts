import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCategory, makeLocation, makePart, makeStockItem } from "./support/factory.ts";

/**
 * Pages of the stock list ordered by part name (the default) are computed per part name rather than
 * by one big sort: every page must be the same slice of the full list, and the count the same,
 * including where parts share a name and their items interleave by quantity.
 */
let t: TestApp;
let category: number;
beforeAll(async () => {
  t = await makeTestApp();
  const db = t.services.database;
  category = await makeCategory(db, { name: "PageCat" });
  const locA = await makeLocation(db, { name: "Aisle" });
  const locB = await makeLocation(db, { name: "Bay" });
  // Two parts named "Bolt" (one in the category), plus others before and after it by name.
  const parts = [
    await makePart(db, { name: "Bolt", category }),
    await makePart(db, { name: "Anchor" }),
    await makePart(db, { name: "Bolt" }),
    await makePart(db, { name: "Clip", category }),
    await makePart(db, { name: "bolt" }),
  ];
  const quantities = [5, 1, 3, 5, 2, 8, 1, 4];
  let i = 0;
  for (const part of parts) {
    for (const q of quantities.slice(0, 3 + (i % 4))) {
      await makeStockItem(db, { part, quantity: q, location: i % 3 === 0 ? null : i % 3 === 1 ? locA : locB, batch: i % 2 ? "odd" : "even", status: i % 5 === 0 ? 65 : 10 });
      i++;
    }
  }
});
afterAll(() => t.close());

async function allPages(query: string, limit: number): Promise<{ count: number; pks: number[] }> {
  const pks: number[] = [];
  let count = -1;
  for (let offset = 0; offset === 0 || offset < count + limit; offset += limit) {
    const r = await t.call("GET", `/api/stock/?limit=${limit}&offset=${offset}${query}`, undefined, "readonly");
    expect(r.status).toBe(200);
    if (count !== -1) expect(r.body.count).toBe(count);
    count = r.body.count;
    pks.push(...r.body.results.map((x: { pk: number }) => x.pk));
  }
  return { count, pks };
}

describe("stock list: pages ordered by part name", () => {
  for (const query of ["", "&ordering=part", "&ordering=-part,quantity", "&ordering=part__name,-quantity", "&in_stock=true", "&batch=odd", `&category=${0}`, "&search=bolt", "&part_detail=true&location_detail=true"]) {
    test(`every page is a slice of the full list${query || " (default ordering)"}`, async () => {
      const q = query === "&category=0" ? `&category=${category}` : query;
      const full = await t.call("GET", `/api/stock/?${q.slice(1)}`, undefined, "readonly");
      expect(full.status).toBe(200);
      const fullPks = full.body.map((x: { pk: number }) => x.pk);
      expect(fullPks.length).toBeGreaterThan(0);
      for (const limit of [1, 2, 3, 7, 100]) {
        const paged = await allPages(q, limit);
        expect(paged.count).toBe(fullPks.length);
        expect(paged.pks).toEqual(fullPks);
      }
    });
  }

  test("a page past the end is empty with the right count", async () => {
    const all = await t.call("GET", "/api/stock/", undefined, "readonly");
    const r = await t.call("GET", `/api/stock/?limit=5&offset=${all.body.length + 10}`, undefined, "readonly");
    expect(r.body).toMatchObject({ count: all.body.length, results: [], next: null });
  });

  test("parts sharing a name interleave by quantity, as one sorted list", async () => {
    const r = await t.call("GET", "/api/stock/?limit=100&part_detail=true", undefined, "readonly");
    const bolts = r.body.results.filter((x: { part_detail: { name: string } }) => x.part_detail.name === "Bolt");
    const quantities = bolts.map((x: { quantity: number }) => x.quantity);
    expect(quantities).toEqual([...quantities].sort((a, b) => a - b));
    expect(new Set(bolts.map((x: { part: number }) => x.part)).size).toBe(2);
  });
});
