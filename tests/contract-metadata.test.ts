/**
 * The metadata endpoints as inventree-python's MetadataMixin calls them
 * (inventree-python inventree/base.py:598-662): before API 436 `<detail URL>/metadata/`
 * (base.py:617 `os.path.join(self._url, "metadata/")`), from 436 `metadata/<model_type>/<pk>/`
 * (base.py:621). getMetadata reads `response['metadata']` (base.py:629); setMetadata PATCHes
 * `{metadata: data}` to merge (base.py:654) or PUTs it with overwrite=True (base.py:647).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
let part: number;
let item: number;
let location: number;
let category: number;

beforeAll(async () => {
  t = await makeTestApp();
  category = (await t.call("POST", "/api/part/category/", { name: "Meta" }, "staff")).body.pk;
  part = (await t.call("POST", "/api/part/", { name: "Meta part", category }, "staff")).body.pk;
  location = (await t.call("POST", "/api/stock/location/", { name: "Meta shelf" }, "staff")).body.pk;
  item = (await t.call("POST", "/api/stock/", { part, quantity: 3, location }, "staff")).body.pk;
});
afterAll(() => t.close());

describe("metadata: the legacy <detail URL>/metadata/ form (inventree-python base.py:617)", () => {
  test("a new object has empty metadata; PATCH merges, PUT replaces", async () => {
    const url = `/api/part/${part}/metadata/`;
    const empty = await t.call("GET", url, undefined, "readonly");
    expect(empty.status).toBe(200);
    // base.py:629 returns response['metadata']: a dict
    expect(empty.body).toEqual({ metadata: {} });

    // base.py:654: self._api.patch(self.metadata_url, data={"metadata": data})
    const a = await t.call("PATCH", url, { metadata: { vendor: { id: 7 }, flag: true } }, "staff");
    expect(a.status).toBe(200);
    expect(a.body.metadata).toEqual({ vendor: { id: 7 }, flag: true });
    const b = await t.call("PATCH", url, { metadata: { flag: false, note: "x" } }, "staff");
    expect(b.body.metadata).toEqual({ vendor: { id: 7 }, flag: false, note: "x" });

    // base.py:647: overwrite=True PUTs the whole dict
    const c = await t.call("PUT", url, { metadata: { only: 1 } }, "staff");
    expect(c.status).toBe(200);
    expect(c.body.metadata).toEqual({ only: 1 });
    expect((await t.call("GET", url, undefined, "readonly")).body).toEqual({ metadata: { only: 1 } });
  });

  test("every stock/part model answers under its own detail URL, stored apart", async () => {
    const urls = [`/api/stock/${item}/metadata/`, `/api/stock/location/${location}/metadata/`, `/api/part/category/${category}/metadata/`];
    for (const [i, url] of urls.entries()) {
      const r = await t.call("PATCH", url, { metadata: { n: i } }, "staff");
      expect(r.status).toBe(200);
    }
    for (const [i, url] of urls.entries()) expect((await t.call("GET", url, undefined, "readonly")).body.metadata).toEqual({ n: i });
  });
});

describe("metadata: the /api/metadata/<model_type>/<pk>/ form (API ≥ 436, base.py:619-621)", () => {
  test("same storage as the legacy form", async () => {
    await t.call("PUT", `/api/stock/${item}/metadata/`, { metadata: { shared: "yes" } }, "staff");
    const r = await t.call("GET", `/api/metadata/stockitem/${item}/`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ metadata: { shared: "yes" } });
    const p = await t.call("PATCH", `/api/metadata/stockitem/${item}/`, { metadata: { more: [1, 2] } }, "staff");
    expect(p.body.metadata).toEqual({ shared: "yes", more: [1, 2] });
  });

  test("unknown model or pk: 404; readonly may read but not write", async () => {
    expect((await t.call("GET", "/api/metadata/nosuchmodel/1/", undefined, "readonly")).status).toBe(404);
    expect((await t.call("GET", `/api/metadata/part/999999/`, undefined, "readonly")).status).toBe(404);
    expect((await t.call("GET", "/api/part/999999/metadata/", undefined, "readonly")).status).toBe(404);
    expect((await t.call("GET", "/api/metadata/__proto__/1/", undefined, "readonly")).status).toBe(404);
    expect((await t.call("PATCH", `/api/metadata/part/${part}/`, { metadata: { a: 1 } }, "readonly")).status).toBe(403);
    expect((await t.call("GET", `/api/metadata/part/${part}/`, undefined, null)).status).toBe(401);
  });
});

describe("metadata: bounded input", () => {
  test("not an object, too big, too deep, or over-long keys: 400 on metadata, nothing stored", async () => {
    const url = `/api/metadata/stocklocation/${location}/`;
    await t.call("PUT", url, { metadata: { keep: true } }, "staff");
    const notObject = await t.call("PATCH", url, { metadata: [1, 2] }, "staff");
    expect(notObject.status).toBe(400);
    expect((await t.call("PATCH", url, {}, "staff")).status).toBe(400);

    const big = await t.call("PATCH", url, { metadata: { blob: "x".repeat(70_000) } }, "staff");
    expect(big.status).toBe(400);
    expect(big.body.metadata).toBeDefined();

    let deep: unknown = 1;
    for (let i = 0; i < 50; i++) deep = { d: deep };
    const tooDeep = await t.call("PATCH", url, { metadata: { deep } }, "staff");
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.metadata).toBeDefined();

    const longKey = await t.call("PATCH", url, { metadata: { ["k".repeat(300)]: 1 } }, "staff");
    expect(longKey.status).toBe(400);

    // Many small merges cannot grow past the limit either
    for (let i = 0; i < 3; i++) await t.call("PATCH", url, { metadata: { [`chunk${i}`]: "y".repeat(20_000) } }, "staff");
    const over = await t.call("PATCH", url, { metadata: { chunk3: "y".repeat(20_000) } }, "staff");
    expect(over.status).toBe(400);

    const now = await t.call("GET", url, undefined, "readonly");
    expect(now.body.metadata.keep).toBe(true);
    expect(now.body.metadata.chunk3).toBeUndefined();
  });

  test("__proto__ is stored as a plain key and pollutes nothing", async () => {
    const url = `/api/metadata/part/${part}/`;
    const r = await t.call("PUT", url, JSON.parse('{"metadata": {"__proto__": {"polluted": true}}}'), "staff");
    expect(r.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const merged = await t.call("PATCH", url, JSON.parse('{"metadata": {"__proto__": {"polluted": 2}}}'), "staff");
    expect(merged.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
