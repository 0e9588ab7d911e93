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

  /** A part, a manufacturer's part of it and another supplier's part naming that manufacturer part. */
  async function linkedSupplierPart(tag: string) {
    const part = (await t.call("POST", "/api/part/", { name: `Fuzz part ${tag}`, purchaseable: true, active: false }, "staff")).body.pk;
    const maker = (await t.call("POST", "/api/company/", { name: `Fuzz maker ${tag}`, is_manufacturer: true, is_supplier: false }, "staff")).body.pk;
    const seller = (await t.call("POST", "/api/company/", { name: `Fuzz seller ${tag}`, is_supplier: true }, "staff")).body.pk;
    const mp = await t.call("POST", "/api/company/part/manufacturer/", { part, manufacturer: maker, MPN: `MPN-${tag}` }, "staff");
    expect(mp.status).toBe(201);
    const sp = await t.call("POST", "/api/company/part/", { part, supplier: seller, SKU: `SKU-${tag}`, manufacturer_part: mp.body.pk }, "staff");
    expect(sp.status).toBe(201);
    expect(sp.body.manufacturer_part).toBe(mp.body.pk);
    return { part, maker, mp: mp.body.pk as number, sp: sp.body.pk as number };
  }

  test("deleting a manufacturer whose part another supplier's part names: 204, the link is cleared", async () => {
    const { maker, mp, sp } = await linkedSupplierPart("maker");
    const r = await t.call("DELETE", `/api/company/${maker}/`, undefined, "staff");
    expect(r.status).toBe(204);
    expect((await t.call("GET", `/api/company/part/manufacturer/${mp}/`)).status).toBe(404);
    const after = await t.call("GET", `/api/company/part/${sp}/`);
    expect(after.status).toBe(200);
    expect(after.body.manufacturer_part).toBeNull();
  });

  test("deleting a part whose manufacturer part a supplier part of another part names: 204", async () => {
    const { mp, sp } = await linkedSupplierPart("moved");
    const other = (await t.call("POST", "/api/part/", { name: "Fuzz part moved to", purchaseable: true, active: false }, "staff")).body.pk;
    const moved = await t.call("PATCH", `/api/company/part/manufacturer/${mp}/`, { part: other }, "staff");
    expect(moved.status).toBe(200);
    const r = await t.call("DELETE", `/api/part/${other}/`, undefined, "staff");
    expect(r.status).toBe(204);
    expect((await t.call("GET", `/api/company/part/${sp}/`)).body.manufacturer_part).toBeNull();
  });
});
