/**
 * Lists on the demo data, through HTTP only, so that they run on either backend
 * (BINVENTORY_TEST_DATABASE=postgres): a page answers the same items as the same slice of the
 * whole list.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

test("the stock list's default ordering (part name) pages the whole list", async () => {
  const all = await t.call("GET", "/api/stock/");
  expect(all.status).toBe(200);
  const pks = (all.body as { pk: number }[]).map((i) => i.pk);
  for (const [limit, offset] of [[3, 0], [5, 7], [10, pks.length - 4]]) {
    const page = await t.call("GET", `/api/stock/?limit=${limit}&offset=${offset}`);
    expect(page.status).toBe(200);
    expect(page.body.count).toBe(pks.length);
    expect(page.body.results.map((i: { pk: number }) => i.pk)).toEqual(pks.slice(offset, offset + limit));
  }
});
