/**
 * One boolean query parser (core/query.ts BoolQuery / parseBoolQuery) on every route: InvenTree's
 * str2bool words in any case, an empty value as no filter (django-filter's BooleanFilter), anything
 * else a 400 naming the parameter — on stock, part and order lists alike, through HTTP.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

const count = async (path: string) => {
  const r = await t.call("GET", `${path}${path.includes("?") ? "&" : "?"}limit=1`, undefined, "readonly");
  expect(r.status).toBe(200);
  return r.body.count as number;
};

const ROUTES = [
  ["/api/stock/", "in_stock"],
  ["/api/part/", "active"],
  ["/api/order/po/", "outstanding"],
  ["/api/order/so/", "outstanding"],
  ["/api/stock/location/", "structural"],
] as const;

describe.each(ROUTES)("%s ?%s=", (path, field) => {
  test("true's and false's words in any case read as true / false; empty is no filter", async () => {
    const all = await count(path);
    const yes = await count(`${path}?${field}=true`);
    const no = await count(`${path}?${field}=false`);
    expect(yes + no).toBe(all);
    for (const w of ["True", "TRUE", "1", "yes", "Y", "on", "t", " true "]) expect(await count(`${path}?${field}=${encodeURIComponent(w)}`)).toBe(yes);
    for (const w of ["False", "FALSE", "0", "no", "N", "off", "f", "none"]) expect(await count(`${path}?${field}=${encodeURIComponent(w)}`)).toBe(no);
    expect(await count(`${path}?${field}=`)).toBe(all);
  });

  test("anything else is 400 naming the parameter, together with the other bad ones", async () => {
    for (const w of ["maybe", "2", "truefalse", "-1", "yess"]) {
      const r = await t.call("GET", `${path}?${field}=${w}&offset=abc`, undefined, "readonly");
      expect(r.status).toBe(400);
      expect(r.body[field]).toEqual(["Must be a valid boolean."]);
      expect(r.body.offset).toBeDefined();
    }
  });
});

test("detail flags read the same words: part_detail=True on an order line list and a stock item", async () => {
  const lines = await t.call("GET", "/api/order/po-line/?part_detail=True&limit=1", undefined, "readonly");
  expect(lines.status).toBe(200);
  if (lines.body.results.length) expect(lines.body.results[0].part_detail).toBeObject();
  const item = await t.call("GET", "/api/stock/1/?part_detail=off", undefined, "readonly");
  expect(item.status).toBe(200);
  expect(item.body.part_detail ?? null).toBeNull();
});
