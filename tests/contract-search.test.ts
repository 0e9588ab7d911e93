/**
 * Contract: the app's home search (inventree-app lib/widget/search.dart:236-295) against
 * InvenTree's APISearchView (InvenTree/api.py): one POST, one `{count, results}` per model type,
 * each answered as that model's own list endpoint answers the same search.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

/** search.dart:150-161: a model's count, 0 unless it is an int. */
function resultCount(results: Record<string, unknown>, key: string): number {
  const r = results[key] as Record<string, unknown> | undefined;
  if (!r || typeof r !== "object") return 0;
  return Number.isInteger(r.count) ? (r.count as number) : 0;
}

/** The body search.dart:260-281 posts, by the server's apiVersion. */
function appBody(term: string, apiVersion: number): Record<string, unknown> {
  const body: Record<string, unknown> = { limit: 1, search: term, part: {}, partcategory: {}, stockitem: {}, stocklocation: {}, purchaseorder: {}, salesorder: {}, supplierpart: {}, manufacturerpart: {} };
  if (apiVersion >= 315) Object.assign(body, { supplier: {}, manufacturer: {}, customer: {} });
  else body.company = {};
  return body;
}

const LIST_URL: Record<string, string> = {
  part: "/api/part/",
  partcategory: "/api/part/category/",
  stockitem: "/api/stock/",
  stocklocation: "/api/stock/location/",
  purchaseorder: "/api/order/po/",
  salesorder: "/api/order/so/",
  supplierpart: "/api/company/part/",
  manufacturerpart: "/api/company/part/manufacturer/",
};

/** The company sections the app asks for at this apiVersion (search.dart:274-277), with their list URLs. */
const companyLists = (apiVersion: number): Record<string, string> =>
  apiVersion >= 315
    ? { supplier: "/api/company/?is_supplier=true", manufacturer: "/api/company/?is_manufacturer=true", customer: "/api/company/?is_customer=true" }
    : { company: "/api/company/" };

describe("POST /api/search/ as the app sends it", () => {
  test("every requested model answers {count, results}, counts as the lists count (search.dart:165-225)", async () => {
    const apiVersion = (await t.call("GET", "/api/", undefined, null)).body.apiVersion as number;
    expect(apiVersion).toBeGreaterThanOrEqual(102); // api.dart:294 supportsConsolidatedSearch
    for (const term of ["res", "bin", "PO-", "zzz-nothing"]) {
      // search.dart:166: InvenTreeAPI().post("search/", body, expectedStatusCode: 200)
      const r = await t.call("POST", "/api/search/", appBody(term, apiVersion), "readonly");
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")?.split(";")[0]).toBe("application/json");
      for (const [key, url] of Object.entries({ ...LIST_URL, ...companyLists(apiVersion) })) {
        const page = r.body[key];
        expect([term, key, Number.isInteger(page.count)]).toEqual([term, key, true]); // search.dart:157 `count is! int` → 0
        expect(Array.isArray(page.results)).toBe(true);
        expect(page.results.length).toBeLessThanOrEqual(1); // the body's limit
        const list = await t.call("GET", `${url}${url.includes("?") ? "&" : "?"}search=${encodeURIComponent(term)}&limit=1`, undefined, "readonly");
        expect([term, key, resultCount(r.body, key)]).toEqual([term, key, list.body.count]);
        expect(page.results).toEqual(list.body.results);
      }
    }
  });

  test("a term that matches shows its sections (search.dart:418-…: count > 0)", async () => {
    const r = await t.call("POST", "/api/search/", appBody("res", 206), "readonly");
    expect(resultCount(r.body, "part")).toBeGreaterThan(0);
    expect(resultCount(r.body, "stockitem")).toBeGreaterThan(0);
  });

  test("split company search (API ≥ 315, search.dart:274-277): supplier / manufacturer / customer", async () => {
    const r = await t.call("POST", "/api/search/", { ...appBody("", 315) }, "readonly");
    expect(r.status).toBe(200);
    for (const [key, flag] of [["supplier", "is_supplier"], ["manufacturer", "is_manufacturer"], ["customer", "is_customer"]] as const) {
      const list = await t.call("GET", `/api/company/?${flag}=true&limit=1`, undefined, "readonly");
      expect([key, resultCount(r.body, key)]).toEqual([key, list.body.count]);
    }
    expect(r.body.company).toBeUndefined(); // only what was asked for
  });
});

describe("InvenTree's APISearchView semantics", () => {
  test("per-model filters apply as on the list (the legacy search's outstanding PO filter, search.dart:364-365)", async () => {
    const r = await t.call("POST", "/api/search/", { search: "", limit: 5, purchaseorder: { outstanding: true }, part: { active: "true" } }, "readonly");
    const po = await t.call("GET", "/api/order/po/?outstanding=true&limit=5", undefined, "readonly");
    expect(r.body.purchaseorder.count).toBe(po.body.count);
    expect(r.body.purchaseorder.results).toEqual(po.body.results);
    const parts = await t.call("GET", "/api/part/?active=true&limit=5", undefined, "readonly");
    expect(r.body.part.count).toBe(parts.body.count);
  });

  test("limit and offset pass through to every model", async () => {
    const first = await t.call("POST", "/api/search/", { search: "", limit: 2, offset: 0, stockitem: {} }, "readonly");
    const second = await t.call("POST", "/api/search/", { search: "", limit: 2, offset: 2, stockitem: {} }, "readonly");
    expect(first.body.stockitem.results.length).toBe(2);
    expect(second.body.stockitem.results[0].pk).not.toBe(first.body.stockitem.results[0].pk);
    const list = await t.call("GET", "/api/stock/?limit=2&offset=2", undefined, "readonly");
    expect(second.body.stockitem.results).toEqual(list.body.results);
  });

  test("models Binventory does not have, and unknown keys, are left out of the answer", async () => {
    const r = await t.call("POST", "/api/search/", { search: "a", build: {}, returnorder: {}, nonsense: {}, part: {} }, "readonly");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(["part"]);
    // InvenTree's default limit is 1.
    expect(r.body.part.results.length).toBeLessThanOrEqual(1);
  });

  test("a bad filter for one model is that model's {error}; the others still answer", async () => {
    const r = await t.call("POST", "/api/search/", { search: "", part: { active: "maybe" }, stocklocation: {} }, "readonly");
    expect(r.status).toBe(200);
    expect(typeof r.body.part.error).toBe("string");
    expect(Number.isInteger(r.body.stocklocation.count)).toBe(true);
  });

  test("no search term is 400 naming `search`; no credentials 401", async () => {
    const r = await t.call("POST", "/api/search/", { part: {} }, "readonly");
    expect(r.status).toBe(400);
    expect(r.body.search).toBeDefined();
    expect((await t.call("POST", "/api/search/", { search: "x", part: {} }, null)).status).toBe(401);
  });
});
