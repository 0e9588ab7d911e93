/**
 * Issue 10: the 5xx the OpenAPI fuzz (fuzz-openapi.test.ts) found, each replayed through HTTP.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

describe("fuzz regressions: 400, never 500", () => {
  test("a unit named like an Object.prototype member is just an unknown unit", async () => {
    for (const units of ["valueOf", "constructor", "toString", "__proto__", "kvalueOf"]) {
      const r = await t.call("POST", "/api/parameter/template/", { name: `Fuzz ${units}`, units }, "staff");
      expect(r.status, units).toBe(400);
      expect(r.body.units, units).toEqual(["Invalid physical unit"]);
    }
  });

  test("an object with its own toString/valueOf where a string is expected is a field error", async () => {
    for (const value of [{ toString: "x" }, { valueOf: "x", toString: 1 }, { "\u0074oString": [] }]) {
      const r = await t.call("POST", "/api/part/category/", { name: value }, "staff");
      expect(r.status).toBe(400);
      expect(r.headers.get("content-type")).toBe("application/json");
      expect(r.body.name).toEqual(["Not a valid string."]);
    }
  });

  test("such keys stay ordinary data where any JSON is allowed", async () => {
    const r = await t.call("PATCH", "/api/part/1/metadata/", { metadata: { toString: "x", valueOf: { a: 1 } } }, "staff");
    expect(r.status).toBe(200);
    expect(r.body.metadata).toMatchObject({ toString: "x", valueOf: { a: 1 } });
    expect(Object.keys(r.body.metadata)).not.toContain(String(Symbol.toPrimitive));
  });

  test("a list field sent as a long string: field errors, not a crash in the error body", async () => {
    const r = await t.call("POST", "/api/order/po/1/receive/", { items: "x".repeat(5000) }, "staff");
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(r.body.items).toBeDefined();
  });

  test("error bodies keep __proto__ and constructor as ordinary field names", async () => {
    const r = await t.call("POST", "/api/stock/add/", { items: [{ pk: "x", quantity: 1, __proto__: 1 }], constructor: 5 }, "staff");
    expect(r.status).toBe(400);
    expect(r.body.items[0].pk).toBeDefined();
    expect(({} as Record<string, unknown>).pk).toBeUndefined();
  });
});
