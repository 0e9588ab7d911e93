/**
 * Settings validated when saved through their definition's validator: the order reference patterns
 * (InvenTree validates PURCHASEORDER_ / SALESORDER_REFERENCE_PATTERN with validate_reference_pattern).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany } from "./support/factory.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe("order reference pattern settings", () => {
  for (const [key, url, party] of [
    ["PURCHASEORDER_REFERENCE_PATTERN", "/api/order/po/", "supplier"],
    ["SALESORDER_REFERENCE_PATTERN", "/api/order/so/", "customer"],
  ] as const) {
    const setting = `/api/settings/global/${key}/`;

    test(`${key}: a pattern without {ref}, with an unknown key or unbalanced braces is refused, naming value`, async () => {
      const before = (await t.call("GET", setting)).body.value;
      for (const [value, message] of [
        ["PO-{date}", "Missing required format key: 'ref'"],
        ["PO-{ref}-{user}", "Unknown format key specified: 'user'"],
        ["PO-{ref", "Improperly formatted pattern: expected '}' before end of string"],
        ["PO-}{ref}", "Improperly formatted pattern: Single '}' encountered in format string"],
      ]) {
        for (const method of ["PATCH", "PUT"]) {
          const r = await t.call(method, setting, { value });
          expect(r.status).toBe(400);
          expect(r.body).toEqual({ value: [message] });
        }
      }
      expect((await t.call("GET", setting)).body.value).toBe(before);
    });

    test(`${key}: a valid pattern is saved and generates the next reference`, async () => {
      const r = await t.call("PATCH", setting, { value: "X-{ref:03d}" });
      expect(r.status).toBe(200);
      expect(r.body.value).toBe("X-{ref:03d}");
      const company = await makeCompany(t.services.database, { name: `C ${key}`, is_supplier: true, is_customer: true });
      const order = await t.call("POST", url, { [party]: company });
      expect(order.status).toBe(201);
      expect(order.body.reference).toMatch(/^X-\d{3}$/);
    });
  }
});
