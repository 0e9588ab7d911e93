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

  test("form data is coerced the same way (the Python library posts data= with files)", async () => {
    // inventree-python inventree/api.py:318-321: with files, the payload goes as form data, every value a string
    const form = new FormData();
    form.set("name", "From a form");
    form.set("parent", "1");
    form.set("structural", "True");
    const res = await t.app.handle(new Request("http://localhost/api/part/category/", { method: "POST", headers: { authorization: `Token ${t.tokens.staff}` }, body: form }));
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toMatchObject({ name: "From a form", parent: 1, structural: true });
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

/** A field definition at the app's dotted lookup path (inventree-app lib/api_form.dart:1000-1045 extractFieldDefinition). */
const definition = (fields: Record<string, unknown>, lookup: string): Record<string, unknown> => {
  let node: unknown = fields;
  for (const key of lookup.split(".")) node = (node as Record<string, unknown> | undefined)?.[key];
  return (node ?? {}) as Record<string, unknown>;
};
/** inventree-app lib/api_form.dart:30-46 extractFields: actions["POST"] ?? actions["PUT"] ?? actions["PATCH"] ?? {}. */
const formFields = (body: { actions?: Record<string, Record<string, unknown>> }) => body.actions?.POST ?? body.actions?.PUT ?? body.actions?.PATCH ?? {};
/** The casts the app applies to every field definition it renders (lib/api_form.dart:118-141, 253-263). */
const expectReadableByApp = (d: Record<string, unknown>) => {
  expect(typeof d.type).toBe("string"); // :255 type → constructField's switch, :296-325
  expect(typeof d.required).toBe("boolean"); // :253 `as bool`
  expect(typeof d.read_only).toBe("boolean"); // :140 `as bool`
  expect(typeof d.label).toBe("string"); // :257
  if ("help_text" in d) expect(typeof d.help_text).toBe("string"); // :259
  if (d.type === "related field") {
    expect(typeof d.api_url).toBe("string"); // :121 `as String`
    expect(typeof d.model).toBe("string"); // :124 `as String`
    expect(typeof d.pk_field).toBe("string"); // :118 `as String`
    expect(d.filters).toBeInstanceOf(Object); // :166 `as Map<String, dynamic>`
  }
  if (d.type === "choice") {
    expect(Array.isArray(d.choices)).toBe(true); // :263 `as List<dynamic>`
    for (const c of d.choices as { value: unknown; display_name: unknown }[]) expect(typeof c.display_name).toBe("string"); // :457
  }
};

describe("OPTIONS metadata, as the app's forms and the Python library read it", () => {
  test("stock count / add / remove / transfer forms find their nested fields", async () => {
    // inventree-app lib/widget/stock/stock_detail.dart:366-452: "pk" and "quantity" with parent "items", nested;
    // lib/inventree/stock.dart:157-164 transferFields adds "location" and "status"
    for (const url of ["/api/stock/count/", "/api/stock/add/", "/api/stock/remove/", "/api/stock/transfer/"]) {
      // lib/api_form.dart:1119 options(url); lib/api.dart:1542-1543 every request says Accept and Content-Type application/json
      const r = await t.call("OPTIONS", url, undefined, "staff", { accept: "application/json", "content-type": "application/json" });
      expect(r.status).toBe(200); // :1123 isValid
      expectExactJson(r);
      const fields = formFields(r.body);
      expect(Object.keys(fields).length).toBeGreaterThan(0); // :1129 empty → "403" snack
      const items = definition(fields, "items");
      expect(items).toMatchObject({ type: "field", required: true, read_only: false });
      const pk = definition(fields, "items.child.children.pk");
      expect(pk).toMatchObject({ type: "related field", model: "stockitem", api_url: "/api/stock/", pk_field: "pk", required: true });
      const quantity = definition(fields, "items.child.children.quantity");
      expect(quantity).toMatchObject({ type: "float", required: true, read_only: false, label: "Quantity" });
      expect(typeof quantity.min_value).toBe("number");
      for (const d of [items, pk, quantity, definition(fields, "notes")]) expectReadableByApp(d);
      expect(definition(fields, "notes")).toMatchObject({ type: "string", required: false });
    }
    const transfer = formFields((await t.call("OPTIONS", "/api/stock/transfer/", undefined, "staff")).body);
    expect(definition(transfer, "location")).toMatchObject({ type: "related field", model: "stocklocation", api_url: "/api/stock/location/", required: true });
    const status = definition(transfer, "items.child.children.status");
    expectReadableByApp(status);
    expect(status.type).toBe("choice");
    expect(status.choices).toContainEqual({ value: 10, display_name: "OK" });
  });

  test("PO receive, SO allocate, test result, stock edit and label print forms open", async () => {
    // inventree-app lib/inventree/purchase_order.dart:269-298 receive form on order.receive_url
    const receive = formFields((await t.call("OPTIONS", "/api/order/po/1/receive/", undefined, "staff")).body);
    expect(definition(receive, "items.child.children.line_item")).toMatchObject({ type: "related field", model: "purchaseorderlineitem" });
    expect(definition(receive, "items.child.children.quantity").type).toBe("float");
    expect(definition(receive, "location")).toMatchObject({ type: "related field", model: "stocklocation" });
    // "status" has no value in the form (purchase_order.dart:279): the choice field starts from "default"
    // (lib/api_form.dart:145 value ?? defaultValue, :434-438) and saves that choice's value
    expect(definition(receive, "items.child.children.status")).toMatchObject({ type: "choice", default: 10 });
    const open = (await t.call("GET", "/api/order/po-line/")).body.find((l: { quantity: number; received: number; order: number }) => l.received < l.quantity && l.order === 1);
    // lib/api_form.dart:1498-1517 _save: nested values as the fields hold them (number text, choice value, "" text, null barcode)
    const received = await t.call("POST", "/api/order/po/1/receive/", { items: [{ line_item: open.pk, quantity: "1.0", status: 10, batch_code: "", barcode: null }], location: 3 }, "staff");
    expect(received.status).toBe(201);
    // lib/inventree/sales_order.dart:168-175 allocateFormFields on order.allocate_url (lib/widget/order/so_line_detail.dart:75)
    const allocate = formFields((await t.call("OPTIONS", "/api/order/so/1/allocate/", undefined, "staff")).body);
    expect(definition(allocate, "items.child.children.line_item")).toMatchObject({ type: "related field", model: "salesorderlineitem", api_url: "/api/order/so-line/" });
    expect(definition(allocate, "items.child.children.stock_item")).toMatchObject({ type: "related field", model: "stockitem" });
    expect(definition(allocate, "shipment")).toMatchObject({ type: "related field", model: "salesordershipment", required: false });
    // lib/inventree/stock.dart:34-45 test result form fields on "stock/test/"
    const test = formFields((await t.call("OPTIONS", "/api/stock/test/", undefined, "staff")).body);
    expect(definition(test, "stock_item")).toMatchObject({ type: "related field", model: "stockitem", required: true });
    expect(definition(test, "result")).toMatchObject({ type: "boolean", required: false });
    for (const name of ["test", "value", "notes"]) expect(definition(test, name).type).toBe("string");
    // lib/inventree/model.dart:311-319 editForm: OPTIONS on the detail URL, method PATCH, reads actions.PUT
    const edit = (await t.call("OPTIONS", "/api/stock/1/", undefined, "staff")).body;
    expect(Object.keys(edit.actions)).toEqual(expect.arrayContaining(["PUT", "PATCH", "DELETE"]));
    expect(definition(edit.actions.PUT, "notes").type).toBe("string");
    expect(definition(edit.actions.PUT, "location")).toMatchObject({ type: "related field", model: "stocklocation", api_url: "/api/stock/location/" });
    expect(definition(edit.actions.PUT, "pk")).toMatchObject({ read_only: true, required: false }); // response-only → read-only
    for (const d of Object.values(edit.actions.PUT)) expectReadableByApp(d as Record<string, unknown>);
    // lib/labels.dart:270 launchApiForm(PRINT_LABEL_URL …) reads "template", "plugin", "items"
    const label = await t.call("OPTIONS", "/api/label/print/", undefined, "staff");
    expect(label.status).toBe(200);
    expect(Object.keys(formFields(label.body))).toContain("items");
  });

  test("the Python library's fields / fieldInfo read actions.POST of a list URL", async () => {
    // inventree-python inventree/base.py:140-164 options(): OPTIONS cls.URL, needs status 200 and JSON;
    // :168-179 fields() = actions.get('POST', {}); :182-191 fieldInfo(name) = fields[name]
    const r = await t.call("OPTIONS", "/api/part/", undefined, "superuser");
    expect(r.status).toBe(200);
    expectExactJson(r); // inventree/api.py:387
    expect(r.body).toMatchObject({ name: expect.any(String), description: expect.any(String), renders: ["application/json"], parses: expect.arrayContaining(["application/json"]), model: "part" });
    const post = r.body.actions.POST;
    expect(post.name).toMatchObject({ type: "string", required: true, read_only: false, label: "Name" });
    expect(post.category).toMatchObject({ type: "related field", model: "partcategory", api_url: "/api/part/category/", pk_field: "pk", filters: {} });
    expect(post.pk).toMatchObject({ type: "integer", read_only: true });
    // a PO line's "part" is its SupplierPart (InvenTree's PurchaseOrderLineItem.part)
    expect((await t.call("OPTIONS", "/api/order/po-line/", undefined, "staff")).body.actions.POST.part).toMatchObject({ type: "related field", model: "supplierpart", api_url: "/api/company/part/" });
    const location = await t.call("OPTIONS", "/api/stock/location/", undefined, "staff");
    expect(location.body.actions.POST.parent).toMatchObject({ type: "related field", model: "stocklocation" });
    expect(location.body.actions.POST.name.max_length).toBeGreaterThan(0);
  });

  test("only the actions the caller's role may perform; 401 without credentials", async () => {
    const unauth = await t.call("OPTIONS", "/api/stock/count/", undefined, null);
    expect(unauth.status).toBe(401);
    expectExactJson(unauth);
    // a readonly user gets no POST: the app's form shows "403" (lib/api_form.dart:1129-1132)
    const readonly = await t.call("OPTIONS", "/api/stock/count/", undefined, "readonly");
    expect(readonly.status).toBe(200);
    expect(formFields(readonly.body)).toEqual({});
    const detail = await t.call("OPTIONS", "/api/stock/1/", undefined, "readonly");
    expect(detail.body.actions).toEqual({});
    // superuser-only user management: staff sees none of it
    expect((await t.call("OPTIONS", "/api/user/", undefined, "staff")).body.actions).toEqual({});
    expect(Object.keys((await t.call("OPTIONS", "/api/user/", undefined, "superuser")).body.actions)).toEqual(["POST"]);
  });

  test("read-only endpoints answer OPTIONS and HEAD without actions; unknown paths stay 404", async () => {
    const status = await t.call("OPTIONS", "/api/stock/status/", undefined, "readonly");
    expect(status.status).toBe(200);
    expect(status.body.actions).toBeUndefined();
    expect((await t.call("OPTIONS", "/api/", undefined, null)).status).toBe(200);
    expect((await t.call("HEAD", "/api/stock/", undefined, "readonly")).status).toBe(200);
    const unknown = await t.call("OPTIONS", "/api/no-such-thing/", undefined, "staff");
    expect(unknown.status).toBe(404);
    expectExactJson(unknown);
  });
});
