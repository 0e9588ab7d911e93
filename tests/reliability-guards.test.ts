/**
 * Issue 10's guards, each through HTTP: bounded pagination with links that round-trip, JSON write
 * bodies that must be objects, media types compared case-insensitively.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

/** Every paginated GET route without path parameters, from the app itself (no hand-kept list). */
function listRoutes(): string[] {
  return t.app.routes
    .filter((r) => r.method === "GET" && !r.path.includes(":") && !r.path.includes("*"))
    .filter((r) => {
      const q = (r.hooks as { query?: { properties?: Record<string, unknown> } } | undefined)?.query;
      return q?.properties?.offset !== undefined;
    })
    .map((r) => r.path);
}

describe("limit and offset are bounded on every list route", () => {
  test("the enumeration finds the list routes", () => {
    const routes = listRoutes();
    expect(routes.length).toBeGreaterThan(30);
    for (const p of ["/api/part/", "/api/stock/", "/api/company/", "/api/order/po/", "/api/user/", "/api/barcode/history/"]) expect(routes).toContain(p);
  });

  test("an offset past 2^53 is a 400 naming offset, never a 500", async () => {
    for (const path of listRoutes()) {
      for (const offset of ["9223372036854775807", "1e29", "99999999999999999999999", "9007199254740992"]) {
        const r = await t.call("GET", `${path}?limit=5&offset=${offset}`);
        if (r.status !== 400) throw new Error(`${path} offset=${offset}: ${r.status} ${r.text.slice(0, 200)}`);
        expect(Object.keys(r.body)).toContain("offset");
      }
    }
  });

  test("the largest accepted offset answers an empty page whose previous link round-trips", async () => {
    const max = Number.MAX_SAFE_INTEGER;
    for (const path of listRoutes()) {
      const r = await t.call("GET", `${path}?limit=5&offset=${max}`);
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 200)}`);
      expect(r.body.results).toEqual([]);
      expect(r.body.next).toBeNull();
      const prev = new URL(r.body.previous);
      expect(prev.searchParams.get("offset")).toBe(String(max - 5));
      expect(prev.searchParams.get("limit")).toBe("5");
    }
  });

  test("next and previous are plain integers that fetch the neighbouring pages", async () => {
    const first = await t.call("GET", "/api/part/?limit=3&offset=1e0");
    expect(first.status).toBe(200);
    expect(first.body.count).toBeGreaterThan(6);
    const next = new URL(first.body.next);
    expect(next.searchParams.get("offset")).toBe("4");
    const second = await t.call("GET", `${next.pathname}${next.search}`);
    const back = new URL(second.body.previous);
    expect(back.searchParams.get("offset")).toBe("1");
    const again = await t.call("GET", `${back.pathname}${back.search}`);
    expect(again.body.results.map((p: { pk: number }) => p.pk)).toEqual(first.body.results.map((p: { pk: number }) => p.pk));
  });

  test("negative offsets and limits out of range are 400s naming the parameter", async () => {
    for (const q of ["offset=-1", "limit=0", "limit=10001", "limit=1e30"]) {
      const r = await t.call("GET", `/api/part/?${q}`);
      expect(r.status).toBe(400);
      expect(Object.keys(r.body)).toContain(q.split("=")[0]);
    }
  });

  test("POST /api/search/ bounds its offset too", async () => {
    const r = await t.call("POST", "/api/search/", { search: "a", offset: 1e29, part: {} });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body)).toContain("offset");
  });
});

describe("a JSON write body must be an object (DRF's Serializer)", () => {
  const cases: [string, string][] = [
    ['"AAA"', "str"],
    ["null", "NoneType"],
    ["[1,2]", "list"],
    ["12", "int"],
    ["1.5", "float"],
    ["true", "bool"],
  ];
  for (const method of ["PATCH", "PUT", "POST"]) {
    test(`${method} with a non-object body is a 400 and changes nothing`, async () => {
      const path = method === "POST" ? "/api/part/category/" : "/api/part/category/1/";
      const before = await t.call("GET", "/api/part/category/1/");
      for (const [body, type] of cases) {
        const r = await t.call(method, path, body, "superuser");
        expect(r.status).toBe(400);
        expect(r.body).toEqual({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${type}.`] });
      }
      expect((await t.call("GET", "/api/part/category/1/")).body).toEqual(before.body);
    });
  }

  test("an object body still works, and a user PATCH is refused the same way", async () => {
    expect((await t.call("PATCH", "/api/part/category/1/", { description: "still fine" })).status).toBe(200);
    const r = await t.call("PATCH", `/api/user/${t.users.staff}/`, '"AAA"');
    expect(r.status).toBe(400);
    expect(r.body.non_field_errors).toEqual(["Invalid data. Expected a dictionary, but got str."]);
  });
});

describe("media types are case-insensitive (RFC 9110)", () => {
  test("PATCH with Content-Type: Application/JSON applies the body", async () => {
    const r = await t.call("PATCH", "/api/part/category/1/", { description: "cased media type" }, "staff", { "content-type": "Application/JSON" });
    expect(r.status).toBe(200);
    expect(r.body.description).toBe("cased media type");
  });
});
