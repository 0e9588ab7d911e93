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

describe("DRF input coercion, as the app sends numbers", () => {
  test("stock count / add / remove / transfer with pk and quantity as strings", async () => {
    // inventree-app lib/inventree/stock.dart:524-533 adjustStock: {"items": [{"pk": "${pk}", "quantity": "${quantity}"}],
    // "notes": notes ?? ""} and an int "location" for a transfer; a Dart double prints as "1300.0".
    const count = await t.call("POST", "/api/stock/count/", { items: [{ pk: "1", quantity: "1300.0" }], notes: "" }, "staff");
    expect(count.status).toBe(201);
    expect((await t.call("GET", "/api/stock/1/")).body.quantity).toBe(1300);
    const add = await t.call("POST", "/api/stock/add/", { items: [{ pk: "1", quantity: "5.0" }], notes: "" }, "staff");
    expect(add.status).toBe(201);
    const remove = await t.call("POST", "/api/stock/remove/", { items: [{ pk: "1", quantity: "5" }], notes: "" }, "staff");
    expect(remove.status).toBe(201);
    expect((await t.call("GET", "/api/stock/1/")).body.quantity).toBe(1300);
    const transfer = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: "1", quantity: "1300.0" }], notes: "", location: 16 }, "staff");
    expect(transfer.status).toBe(201);
    expect((await t.call("GET", "/api/stock/1/")).body.location).toBe(16);
  });

  test("the transfer form: quantity and location as the form fields hold them", async () => {
    // inventree-app lib/api_form.dart:515-517 a number field saves its text ("12"), :558 a related field
    // saves item[pk_field] (an int), :1498-1517 nests "pk"/"quantity"/"status" under "items" as one-element list
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: 1, quantity: " 12 ", status: "10" }], location: "15", notes: "" }, "staff");
    expect(r.status).toBe(201);
  });

  test("booleans as DRF's BooleanField reads them", async () => {
    for (const [sent, stored] of [["true", true], ["False", false], ["YES", true], ["off", false], [1, true], [0, false], ["1", true], ["n", false]] as const) {
      const r = await t.call("POST", "/api/stock/test/", { stock_item: 2, test: `bool ${String(sent)}`, result: sent }, "staff");
      expect(r.status).toBe(201);
      expect(r.body.result).toBe(stored);
    }
    const bad = await t.call("POST", "/api/stock/test/", { stock_item: 2, test: "bool bad", result: "maybe" }, "staff");
    expect(bad.body).toEqual({ result: ["Must be a valid boolean."] });
    const two = await t.call("POST", "/api/stock/test/", { stock_item: 2, test: "bool 2", result: 2 }, "staff");
    expect(two.body).toEqual({ result: ["Must be a valid boolean."] });
  });

  test("pks and integers: '12' and '12.0' are 12, '12.5' is not an integer", async () => {
    const r = await t.call("POST", "/api/stock/test/", { stock_item: "2.0", test: "pk as string" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.stock_item).toBe(2);
    const half = await t.call("POST", "/api/stock/test/", { stock_item: "2.5", test: "half pk" }, "staff");
    expect(half.body).toEqual({ stock_item: ["A valid integer is required."] });
  });

  test("CharFields take numbers as text but not booleans", async () => {
    const r = await t.call("POST", "/api/part/category/", { name: 1234 }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.name).toBe("1234");
    const bad = await t.call("POST", "/api/part/category/", { name: false }, "staff");
    expect(bad.body).toEqual({ name: ["Not a valid string."] });
  });

  test("hostile numbers are clean 400s with DRF's messages, never a 500", async () => {
    const count = (quantity: unknown, pk: unknown = 3) => t.call("POST", "/api/stock/count/", { items: [{ pk, quantity }] }, "staff");
    for (const quantity of ["1e999", "-1e999", "NaN", "nan", "Infinity", "inf", "0x10", "1__0", "_1", "1_", "", " ", "1,5", "--1", "1e", ".", "9".repeat(1001), "٣", true, false, null, [], {}]) {
      const r = await count(quantity);
      expect(r.status).toBe(400);
      expect(r.body.items[0].quantity[0]).toMatch(/^(A valid number is required\.|This field may not be null\.)$/);
    }
    // 1e300 is a number, just too large for a quantity
    expect((await count("9".repeat(300))).body.items[0].quantity).toEqual(["Ensure this value is less than or equal to 1000000000000."]);
    // Python's Decimal() accepts these spellings, so DRF does
    for (const [quantity, value] of [["1_000", 1000], [" 3 ", 3], ["+2.5", 2.5], [".5", 0.5], ["5.", 5], ["2E2", 200], ["-0", 0]] as const) {
      const r = await count(quantity);
      expect(r.status).toBe(201);
      expect(r.body.items[0].quantity).toBe(value);
    }
    // beyond 2^53: no such object (DRF: int() then "does not exist")
    expect((await count(1, "9007199254740993")).status).toBe(400);
    for (const pk of ["1e3", "0x1", "3.5", "", true, "9".repeat(1001)]) {
      const r = await count(1, pk);
      expect(r.status).toBe(400);
      expect(r.body.items[0].pk).toEqual(["A valid integer is required."]);
    }
  });

  test("deep nesting and wrong shapes are 400s", async () => {
    const deep = `{"items": ${"[".repeat(100000)}${"]".repeat(100000)}}`;
    const r = await t.call("POST", "/api/stock/count/", deep, "staff");
    expect(r.status).toBe(400);
    const nested = { items: [{ pk: { pk: { pk: "1" } }, quantity: [["1"]] }] };
    const n = await t.call("POST", "/api/stock/count/", nested, "staff");
    expect(n.status).toBe(400);
    expect(n.body.items[0].pk).toEqual(["A valid integer is required."]);
    const notList = await t.call("POST", "/api/stock/count/", { items: "1" }, "staff");
    expect(notList.status).toBe(400);
  });
});
