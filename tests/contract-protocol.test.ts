/**
 * The protocol layer InvenTree's clients rely on, replayed as they send it: the exact JSON media
 * type, DRF's input coercion and DRF's OPTIONS metadata.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
});
afterAll(() => t.close());

// inventree-python inventree/api.py:384-387: `ctype = response.headers.get('content-type')`,
// `if not ctype == 'application/json': raise InvalidJSONError` (every method but DELETE, any status < 300).
const expectExactJson = (r: { headers: Headers }) => expect(r.headers.get("content-type")).toBe("application/json");

describe("every JSON answer is exactly application/json", () => {
  test("200 lists, details, paginated lists and the root", async () => {
    for (const path of ["/api/", "/api/stock/?limit=2", "/api/stock/1/", "/api/part/", "/api/stock/location/", "/api/schema/"]) {
      const r = await t.call("GET", path);
      expect(r.status).toBe(200);
      expectExactJson(r);
    }
  });

  test("201 from a create, 400 from validation, service and parse errors", async () => {
    // inventree-python inventree/base.py `create` POSTs json= (requests sets application/json)
    const created = await t.call("POST", "/api/part/category/", { name: "Protocol" }, "staff");
    expect(created.status).toBe(201);
    expectExactJson(created);
    const invalid = await t.call("POST", "/api/part/category/", {}, "staff");
    expect(invalid.status).toBe(400);
    expectExactJson(invalid);
    const broken = await t.call("POST", "/api/part/category/", "{not json", "staff");
    expect(broken.status).toBe(400);
    expectExactJson(broken);
  });

  test("401, 403, 404 (route and object) and 413", async () => {
    expectExactJson(await t.call("GET", "/api/stock/", undefined, null));
    const forbidden = await t.call("POST", "/api/part/category/", { name: "No" }, "readonly");
    expect(forbidden.status).toBe(403);
    expectExactJson(forbidden);
    const noRoute = await t.call("GET", "/api/no-such-thing/");
    expect(noRoute.status).toBe(404);
    expectExactJson(noRoute);
    const noObject = await t.call("GET", "/api/stock/999999/");
    expect(noObject.status).toBe(404);
    expectExactJson(noObject);
    const tooLarge = await t.call("POST", "/api/part/category/", JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }), "staff");
    expect(tooLarge.status).toBe(413);
    expectExactJson(tooLarge);
  });

  test("non-JSON answers keep their own type", async () => {
    const svg = await t.call("GET", "/api/barcode/image/?model=stockitem&pk=1&format=svg&type=qrcode");
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    const docs = await t.call("GET", "/api/docs", undefined, null);
    expect(docs.headers.get("content-type")).toStartWith("text/html");
    const printed = await t.call("POST", "/api/report/print/", { template: "stocktake", items: [15], format: "pdf" });
    expectExactJson(printed);
    const pdf = await t.call("GET", new URL(printed.body.output, "http://localhost").pathname);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
  });

  test("request media types are matched case-insensitively, parameters allowed", async () => {
    const r = await t.call("POST", "/api/part/category/", { name: "Cased" }, "staff", { "content-type": "Application/JSON; charset=UTF-8" });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe("Cased");
  });
});
