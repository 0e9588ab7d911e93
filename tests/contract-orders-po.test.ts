/**
 * Contract: purchase orders as the InvenTree app (inventree-app @06013b3a) and the Python library
 * (inventree-python @d905764) drive them, request by request, asserting every field and JSON type
 * they read. Citations are `file:line` in those repositories.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import * as T from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makeLocation, makePart, makeSupplierPart } from "./support/factory.ts";
import { pluginsDir } from "./support/plugins.ts";
import { insertWithReference } from "../server/modules/order/reference-insert.ts";

let t: TestApp;
const db = () => t.services.database;
/** A supplier label the fixture plugin decodes to these fields. */
const label = (fields: Record<string, unknown>) => `SUPTEST${JSON.stringify(fields)}`;

let supplier: number;
let part: number;
let sp: number;
let shelf: number;

beforeAll(async () => {
  t = await makeTestApp({ pluginsDir: pluginsDir({ fixtures: ["supplier-label"] }) });
  supplier = await makeCompany(db(), { name: "Contract Supplier", is_supplier: true, currency: "EUR" });
  part = await makePart(db(), { name: "Contract resistor", purchaseable: true, IPN: "R-1" });
  sp = await makeSupplierPart(db(), { part, supplier, SKU: "CS-R1", MPN: "RC0603" });
  shelf = await makeLocation(db(), { name: "Goods in" });
});
afterAll(() => t.close());

const isIntOrNull = (v: unknown) => v === null || Number.isInteger(v);
const isStrOrNull = (v: unknown) => v === null || typeof v === "string";

/** Every field InvenTreeOrder / InvenTreePurchaseOrder reads, with the type its getter or cast needs. */
function expectPurchaseOrderShape(o: Record<string, unknown>) {
  expect(Number.isInteger(o.pk)).toBe(true); // model.dart: pk via getInt
  expect(typeof o.reference).toBe("string"); // orders.dart:41
  expect(Number.isInteger(o.supplier)).toBe(true); // purchase_order.dart:86
  expect(typeof o.supplier_reference).toBe("string"); // purchase_order.dart:98
  expect(typeof o.description).toBe("string");
  expect(Number.isInteger(o.status)).toBe(true); // model.dart:337 logicalStatus
  expect(Number.isInteger(o.status_custom_key)).toBe(true); // model.dart:339 customStatus
  expect(isIntOrNull(o.destination)).toBe(true); // purchase_order.dart:100 and :265 `as int?`
  expect(isStrOrNull(o.issue_date)).toBe(true); // orders.dart:16
  expect(o.start_date).toBeNull(); // orders.dart:18
  expect(isStrOrNull(o.complete_date)).toBe(true); // orders.dart:20
  expect(typeof o.creation_date).toBe("string"); // orders.dart:22
  expect(isStrOrNull(o.target_date)).toBe(true); // orders.dart:26
  expect(Number.isInteger(o.line_items)).toBe(true); // orders.dart:28
  expect(Number.isInteger(o.completed_lines)).toBe(true); // orders.dart:30
  expect(typeof o.overdue).toBe("boolean"); // orders.dart:39
  expect(o.responsible).toBeNull(); // orders.dart:43
  expect(o.responsible_detail).toBeNull(); // orders.dart:45
  expect(o.project_code).toBeNull(); // orders.dart:51
  expect(o.project_code_detail).toBeNull(); // orders.dart:53
  expect(o.contact).toBeNull(); // inventree-python purchase_order.py:30 (getContact)
  expect(o.total_price === null || typeof o.total_price === "number").toBe(true); // orders.dart:61 (string or number, tryParse)
  expect(isStrOrNull(o.order_currency)).toBe(true); // orders.dart:73
  expect(typeof o.link).toBe("string"); // model.dart hasLink / link
  expect(typeof o.notes).toBe("string");
  expect(typeof o.barcode_hash).toBe("string");
}

describe("purchase order list and detail (app)", () => {
  test("create without reference (python) → the next PO-{ref:04d}; with one; off-pattern refused", async () => {
    // inventree-python company.py:67-77 createPurchaseOrder(**kwargs): POST order/po/ with supplier and no reference.
    const a = await t.call("POST", "/api/order/po/", { supplier, description: "First" });
    expect(a.status).toBe(201);
    expect(a.body.reference).toBe("PO-0001");
    expectPurchaseOrderShape(a.body);
    const b = await t.call("POST", "/api/order/po/", { supplier, reference: "PO-0007" });
    expect(b.status).toBe(201);
    const c = await t.call("POST", "/api/order/po/", { supplier });
    expect(c.body.reference).toBe("PO-0008");
    const bad = await t.call("POST", "/api/order/po/", { supplier, reference: "Order 9" });
    expect(bad.status).toBe(400);
    expect(bad.body.reference).toEqual(["Reference must match required pattern: PO-{ref:04d}"]);
  });

  test("the app's create form: untouched fields arrive as null (api_form.dart:1498); reference null is generated", async () => {
    // purchase_order.dart:47-64 formFields; api_form.dart:1498 data[field.name] = value ?? default (null without one).
    const r = await t.call("POST", "/api/order/po/", { reference: null, supplier, supplier_reference: "", description: "", destination: null, target_date: null, link: "" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.reference).toMatch(/^PO-\d{4}$/);
    // PUT keeps a reference: null there is refused, not generated.
    expect((await t.call("PUT", `/api/order/po/${r.body.pk}/`, { reference: null, supplier })).status).toBe(400);
  });

  test("two creates at once never share a reference", async () => {
    const made = await Promise.all(Array.from({ length: 6 }, () => t.call("POST", "/api/order/po/", { supplier })));
    expect(made.map((r) => r.status)).toEqual(Array(6).fill(201));
    const refs = made.map((r) => r.body.reference as string);
    expect(new Set(refs).size).toBe(6);
  });

  test("a generated reference another writer took first is retried with the next one", async () => {
    // Another process on the same database may insert between our generate and insert: the unique
    // reference column refuses the duplicate and the transaction is retried.
    const tried: string[] = [];
    const row = await insertWithReference(
      t.services.database,
      "purchaseorder",
      undefined,
      () => (tried.length === 0 ? "PO-0001" : "PO-0900"),
      async (tx, reference) => {
        tried.push(reference);
        return (await tx.q.insert(T.purchaseOrders).values({ reference, supplier }).returning())[0];
      },
    );
    expect(tried).toEqual(["PO-0001", "PO-0900"]);
    expect(row.reference).toBe("PO-0900");
    await db().write((tx) => tx.q.delete(T.purchaseOrders).where(eq(T.purchaseOrders.id, row.id)));
  });

  test("the pattern setting decides the next reference", async () => {
    expect((await t.call("PATCH", "/api/settings/global/PURCHASEORDER_REFERENCE_PATTERN/", { value: "PUR-{ref:05d}-{?:X}" })).status).toBe(200);
    const r = await t.call("POST", "/api/order/po/", { supplier });
    expect(r.body.reference).toMatch(/^PUR-\d{5}-X$/);
    expect((await t.call("POST", "/api/order/po/", { supplier, reference: "PUR-00100-Y" })).status).toBe(201);
    expect((await t.call("POST", "/api/order/po/", { supplier })).body.reference).toBe("PUR-00101-X");
    expect((await t.call("PATCH", "/api/settings/global/PURCHASEORDER_REFERENCE_PATTERN/", { value: "PO-{ref:04d}" })).status).toBe(200);
  });

  test("list as PurchaseOrderListWidget pages it: supplier_detail, outstanding, assigned_to_me", async () => {
    // purchase_order.dart:83 defaultFilters supplier_detail=true; purchase_order_list.dart:132-146 filters; model.dart:732 limit/offset.
    const r = await t.call("GET", "/api/order/po/?supplier_detail=true&outstanding=true&ordering=-reference&limit=25&offset=0", undefined, "readonly");
    expect(r.status).toBe(200);
    expect(Number.isInteger(r.body.count)).toBe(true); // model.dart:783 `as int`
    expect(Array.isArray(r.body.results)).toBe(true); // model.dart:787 `as List<dynamic>`
    for (const o of r.body.results) {
      expectPurchaseOrderShape(o);
      // purchase_order.dart:94 `supplier_detail as Map<String, dynamic>`; company.dart:58-63 image/thumbnail fall back when absent.
      expect(o.supplier_detail.pk).toBe(supplier);
      expect(typeof o.supplier_detail.name).toBe("string");
    }
    // purchase_order_list.dart:143 assigned_to_me: no owners here, so nothing is assigned.
    const mine = await t.call("GET", "/api/order/po/?supplier_detail=true&assigned_to_me=true&limit=25&offset=0", undefined, "readonly");
    expect(mine.status).toBe(200);
    expect(mine.body.count).toBe(0);
    // company_detail.dart:165-167: count of a supplier's outstanding orders, limit=1 (model.dart:477).
    const count = await t.call("GET", `/api/order/po/?supplier_detail=true&supplier=${supplier}&outstanding=true&limit=1`, undefined, "readonly");
    expect(count.body.count).toBeGreaterThan(0);
  });
});

describe("lines, issue, receive by form (app and python)", () => {
  let order: number;
  let lineId: number;
  test("add a line as the app's form does; list lines with part_detail and order_detail", async () => {
    order = (await t.call("POST", "/api/order/po/", { supplier, destination: shelf, target_date: "2031-01-01" })).body.pk;
    // purchase_order_detail.dart:158-176 _addLineItem with purchase_order.dart:176-194 formFields.
    const created = await t.call("POST", "/api/order/po-line/", { part: sp, order, reference: "L1", quantity: 10, purchase_price: 0.5, destination: null, notes: "", link: "" }, "staff");
    expect(created.status).toBe(201);
    lineId = created.body.pk;
    // inventree-python purchase_order.py:43-50 addLineItem(**kwargs) posts the same endpoint.
    expect((await t.call("POST", "/api/order/po-line/", { part: sp, order, quantity: 5 })).status).toBe(201);

    // purchase_order.dart:119-122 getLineItems: filters order=<pk> plus :197-199 part_detail, order_detail.
    const r = await t.call("GET", `/api/order/po-line/?part_detail=true&order_detail=true&order=${order}`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(2);
    const line = r.body[0];
    expect(Number.isInteger(line.order)).toBe(true); // orders.dart:97
    expect(typeof line.quantity).toBe("number"); // orders.dart:93
    expect(typeof line.received).toBe("number"); // purchase_order.dart:201
    expect(typeof line.reference).toBe("string"); // orders.dart:95
    expect(typeof line.overdue).toBe("boolean"); // orders.dart:91
    expect(isStrOrNull(line.target_date)).toBe(true); // orders.dart:125
    expect(line.part).toBe(sp); // purchase_order.dart:218 supplierPartId
    expect(line.supplier_part_detail.SKU).toBe("CS-R1"); // purchase_order.dart:226, :240
    expect(line.part_detail.pk).toBe(part); // orders.dart:105 `as Map`, :109-113
    expect(typeof line.part_detail.name).toBe("string");
    expect(typeof line.part_detail.description).toBe("string");
    // purchase_order.dart:236 `order_detail as Map`, :265 `orderDetail["destination"] as int?`.
    expect(line.order_detail.pk).toBe(order);
    expect(line.order_detail.destination).toBe(shelf);
    expectPurchaseOrderShape(line.order_detail);
    expect(typeof line.purchase_price).toBe("number"); // purchase_order.dart:242
    expect(line.purchase_price_currency).toBe("EUR"); // purchase_order.dart:244
    expect(isIntOrNull(line.destination)).toBe(true); // purchase_order.dart:246
    expect(line.destination_detail).toBeNull(); // purchase_order.dart:250 getMap (null → backup)
    expect(typeof line.link).toBe("string");
    // The detail route the barcode handler calls (lib/barcode/purchase_order.dart:86): same shape.
    const one = await t.call("GET", `/api/order/po-line/${lineId}/?part_detail=true&order_detail=true`, undefined, "readonly");
    expect(one.body.order_detail.pk).toBe(order);
    // The order's total: 10 × 0.5.
    expect((await t.call("GET", `/api/order/po/${order}/`)).body.total_price).toBe(5);
  });

  test("issue (app: 201), then receive by the app's form, with a barcode assigned to the new item", async () => {
    // purchase_order.dart:143 api.post("${url}issue/", expectedStatusCode: 201).
    const issued = await t.call("POST", `/api/order/po/${order}/issue/`, {}, "staff");
    expect(issued.status).toBe(201);
    expect(issued.body.status).toBe(20);
    // purchase_order.dart:270-311: items[] with line_item, quantity, status, batch_code, barcode; location at the top.
    const r = await t.call(
      "POST",
      `/api/order/po/${order}/receive/`,
      { items: [{ line_item: lineId, quantity: 4, status: 10, batch_code: "B-17", barcode: "VENDOR-REEL-0001" }], location: shelf },
      "staff",
    );
    expect(r.status).toBe(201);
    const item = (await db().q.select().from(T.stockItems).where(eq(T.stockItems.batch, "B-17")))[0];
    expect(item).toMatchObject({ quantity: 4, location: shelf, supplier_part: sp, barcode_data: "VENDOR-REEL-0001" });
    expect(item?.barcode_hash).toMatch(/^[0-9a-f]{32}$/);
    // Scanning that barcode now finds the item.
    const scan = await t.call("POST", "/api/barcode/", { barcode: "VENDOR-REEL-0001" });
    expect(scan.body.stockitem.pk).toBe(item?.id);
    // The same barcode cannot go on a second item.
    const again = await t.call("POST", `/api/order/po/${order}/receive/`, { items: [{ line_item: lineId, quantity: 1, barcode: "VENDOR-REEL-0001" }], location: shelf }, "staff");
    expect(again.status).toBe(400);
    expect(again.body.items[0].barcode).toEqual(["Barcode is already in use"]);
  });

  test("python receive(): items carry supplier_part and location too", async () => {
    // inventree-python purchase_order.py:206-236: {items: [{line_item, supplier_part, quantity, status, location}], location}.
    const r = await t.call(
      "POST",
      `/api/order/po/${order}/receive/`,
      { items: [{ line_item: lineId, supplier_part: sp, quantity: 6, status: 10, location: shelf, batch_code: "PY-1" }], location: shelf },
      "staff",
    );
    expect(r.status).toBe(201);
    // purchase_order.py:239 reload(): the line is fully received.
    const line = await t.call("GET", `/api/order/po-line/${lineId}/`);
    expect(line.body.received).toBe(10);
  });

  test("complete with accept_incomplete (app's form), cancel another order", async () => {
    // purchase_order_detail.dart:208-221 POST order/po/<pk>/complete/ {accept_incomplete}.
    const done = await t.call("POST", `/api/order/po/${order}/complete/`, { accept_incomplete: true }, "staff");
    expect(done.status).toBe(201);
    expect(done.body.status).toBe(30);
    // purchase_order.dart:154 cancel: expected 201.
    const other = (await t.call("POST", "/api/order/po/", { supplier })).body.pk;
    const cancelled = await t.call("POST", `/api/order/po/${other}/cancel/`, {}, "staff");
    expect(cancelled.status).toBe(201);
    expect(cancelled.body.status).toBe(40);
  });
});

describe("python URLs: `URL + f\"/{pk}/{status}/\"` makes order/po//<pk>/…", () => {
  test("issue, hold, receive, receiveAll, complete, cancel at the double-slash paths", async () => {
    const order = (await t.call("POST", "/api/order/po/", { supplier, destination: shelf })).body.pk;
    const lineId = (await t.call("POST", "/api/order/po-line/", { order, part: sp, quantity: 4 })).body.pk;
    // inventree-python base.py:738 _statusupdate: URL = self.URL + f"/{self.pk}/{status}/" with URL "order/po/".
    expect((await t.call("POST", `/api/order/po//${order}/issue/`, {})).status).toBe(201);
    expect((await t.call("POST", `/api/order/po//${order}/hold/`, {})).body.status).toBe(25);
    expect((await t.call("POST", `/api/order/po//${order}/issue/`, {})).body.status).toBe(20);
    // purchase_order.py:233 receive(): f"{URL}/{pk}/receive/".
    const one = await t.call("POST", `/api/order/po//${order}/receive/`, { items: [{ line_item: lineId, supplier_part: sp, quantity: 1, status: 10, location: shelf }], location: shelf });
    expect(one.status).toBe(201);
    // purchase_order.py:105-132 receiveAll(location): every outstanding line, quantity - received.
    const lines = (await t.call("GET", `/api/order/po-line/?order=${order}`)).body as { pk: number; quantity: number; received: number; part: number }[];
    const items = lines.filter((l) => l.quantity - l.received > 0).map((l) => ({ line_item: l.pk, supplier_part: l.part, quantity: l.quantity - l.received, status: 10, location: shelf }));
    expect((await t.call("POST", `/api/order/po//${order}/receive/`, { items, location: shelf })).status).toBe(201);
    expect((await t.call("GET", `/api/order/po/${order}/`)).body.status).toBe(30); // auto-completed
    const other = (await t.call("POST", "/api/order/po/", { supplier })).body.pk;
    expect((await t.call("POST", `/api/order/po//${other}/cancel/`, {})).body.status).toBe(40);
  });
});

describe("receive by scan, incl. the action_required round trip (app)", () => {
  test("confirm on (auto_allocate false): action_required with the line, then the app's receive form", async () => {
    const order = (await t.call("POST", "/api/order/po/", { supplier, supplier_reference: "SUP-ORDER-1", destination: shelf })).body.pk;
    const lineId = (await t.call("POST", "/api/order/po-line/", { order, part: sp, quantity: 20 })).body.pk;
    await t.call("POST", `/api/order/po/${order}/issue/`, {});
    const barcode = label({ supplier: "Contract Supplier", sku: "CS-R1", quantity: 8, purchase_order: "SUP-ORDER-1" });
    // lib/barcode/purchase_order.dart:43-51: purchase_order, location, line_item, auto_allocate (= !confirm).
    const r = await t.call("POST", "/api/barcode/po-receive/", { barcode, purchase_order: order, location: null, line_item: null, auto_allocate: false }, "staff");
    expect(r.status).toBe(200); // handler.dart:114: a 4xx would be "unknown"
    expect(r.body.success).toBeUndefined(); // handler.dart:112
    expect(r.body.error).toBeUndefined();
    expect(r.body.action_required).toBeDefined(); // purchase_order.dart:66
    // purchase_order.dart:70-100: lineitem `as Map`, pk `as int?`, quantity via tryParse, location `as int?`, barcode_data `as String?`.
    expect(r.body.lineitem.pk).toBe(lineId);
    expect(r.body.lineitem.purchase_order).toBe(order);
    expect(r.body.lineitem.quantity).toBe(8);
    expect(isIntOrNull(r.body.lineitem.location)).toBe(true);
    expect(r.body.barcode_data).toBe(barcode);
    // purchase_order.dart:86 InvenTreePOLineItem().get(pk), then :107 receive(): the form posts to order/po/<pk>/receive/.
    const line = await t.call("GET", `/api/order/po-line/${lineId}/?part_detail=true&order_detail=true`);
    expect(line.body.order_detail.pk).toBe(order);
    const received = await t.call(
      "POST",
      `/api/order/po/${order}/receive/`,
      { items: [{ line_item: lineId, quantity: r.body.lineitem.quantity, barcode: r.body.barcode_data }], location: r.body.lineitem.location ?? line.body.order_detail.destination },
      "staff",
    );
    expect(received.status).toBe(201);
    expect((await t.call("GET", `/api/order/po-line/${lineId}/`)).body.received).toBe(8);
  });

  test("confirm off (auto_allocate true): received at once; the app looks for `success` or `lineitem`", async () => {
    const order = (await t.call("POST", "/api/order/po/", { supplier, supplier_reference: "SUP-ORDER-2", destination: shelf })).body.pk;
    await t.call("POST", "/api/order/po-line/", { order, part: sp, quantity: 3 });
    await t.call("POST", `/api/order/po/${order}/issue/`, {});
    const barcode = label({ supplier: "Contract Supplier", sku: "CS-R1", quantity: 3, purchase_order: "SUP-ORDER-2" });
    const r = await t.call("POST", "/api/barcode/po-receive/", { barcode, purchase_order: order, location: null, line_item: null, auto_allocate: true }, "staff");
    expect(r.status).toBe(200);
    expect(typeof r.body.success).toBe("string"); // purchase_order.dart:56
    expect(Number.isInteger(r.body.lineitem.pk)).toBe(true);
  });
});

describe("add a line by scan: po-allocate (app, API ≥ 153)", () => {
  test("a part, a supplier part, a manufacturer part or a supplier label gives the order supplier's part", async () => {
    const order = (await t.call("POST", "/api/order/po/", { supplier })).body.pk;
    // lib/barcode/purchase_order.dart:140-148: {barcode, purchase_order}.
    for (const barcode of [JSON.stringify({ part }), JSON.stringify({ supplierpart: sp }), label({ supplier: "Contract Supplier", sku: "CS-R1" })]) {
      const r = await t.call("POST", "/api/barcode/po-allocate/", { barcode, purchase_order: order }, "staff");
      expect(r.status).toBe(200);
      expect(typeof r.body.success).toBe("string"); // handler.dart:112
      expect(r.body.supplierpart.pk).toBe(sp); // purchase_order.dart:153-165 `supplier_part["pk"] as int`
    }
    const maker = await makeCompany(db(), { name: "Contract Maker", is_manufacturer: true, is_supplier: false });
    const mp = await t.call("POST", "/api/company/part/manufacturer/", { part, manufacturer: maker, MPN: "RC0603-MP" });
    await t.call("PATCH", `/api/company/part/${sp}/`, { manufacturer_part: mp.body.pk });
    const byMp = await t.call("POST", "/api/barcode/po-allocate/", { barcode: JSON.stringify({ manufacturerpart: mp.body.pk }), purchase_order: order }, "staff");
    expect(byMp.body.supplierpart.pk).toBe(sp);
    // purchase_order.dart:181-195: the app then creates the line with part = that supplier part.
    expect((await t.call("POST", "/api/order/po-line/", { order, part: byMp.body.supplierpart.pk, quantity: 1 })).status).toBe(201);
  });

  test("errors are 400s carrying `error` (handler.dart:114 → onBarcodeUnknown reads data['error'])", async () => {
    const order = (await t.call("POST", "/api/order/po/", { supplier })).body.pk;
    const otherPart = await makePart(db(), { purchaseable: true });
    const r = await t.call("POST", "/api/barcode/po-allocate/", { barcode: JSON.stringify({ part: otherPart }), purchase_order: order }, "staff");
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("No matching supplier parts found");
    const none = await t.call("POST", "/api/barcode/po-allocate/", { barcode: "no plugin reads this", purchase_order: order }, "staff");
    expect(none.body.error).toBe("No matching plugin found for barcode data");
    const missing = await t.call("POST", "/api/barcode/po-allocate/", { barcode: JSON.stringify({ part }) }, "staff");
    expect(missing.body.purchase_order).toEqual(["This field is required."]);
    expect((await t.call("POST", "/api/barcode/po-allocate/", { barcode: JSON.stringify({ part }), purchase_order: order }, "readonly")).status).toBe(403);
  });
});

describe("extra lines (app po_extra_line_list.dart, python PurchaseOrderExtraLineItem)", () => {
  test("create, list by order, edit, delete; the fields InvenTreeExtraLineItem reads", async () => {
    const order = (await t.call("POST", "/api/order/po/", { supplier })).body.pk;
    // orders.dart:148-161 formFields: order, reference, description, quantity, price, price_currency, link, notes.
    const created = await t.call("POST", "/api/order/po-extra-line/", { order, reference: "Freight", description: "Shipping", quantity: 1, price: 12.5, price_currency: "EUR", link: "", notes: "" }, "staff");
    expect(created.status).toBe(201);
    // inventree-python purchase_order.py:52-59 addExtraLineItem(**kwargs).
    expect((await t.call("POST", "/api/order/po-extra-line/", { order, reference: "Fee", quantity: 2, price: 1 })).status).toBe(201);
    // po_extra_line_list.dart:102 with filters {order}; purchase_order.py:39-41 getExtraLineItems(order=pk).
    const r = await t.call("GET", `/api/order/po-extra-line/?order=${order}&limit=25&offset=0`, undefined, "readonly");
    expect(r.body.count).toBe(2);
    const x = r.body.results[0];
    expect(x.order).toBe(order); // orders.dart:137
    expect(x.quantity).toBe(1); // orders.dart:139
    expect(x.reference).toBe("Freight"); // orders.dart:141
    expect(x.price).toBe(12.5); // orders.dart:143
    expect(x.price_currency).toBe("EUR"); // orders.dart:145
    expect(typeof x.description).toBe("string"); // extra_line_detail.dart:82
    expect(typeof x.notes).toBe("string"); // extra_line_detail.dart:105
    expect(typeof x.link).toBe("string");
    // The fee's currency defaults to the supplier's.
    expect(r.body.results[1].price_currency).toBe("EUR");
    const patched = await t.call("PATCH", `/api/order/po-extra-line/${x.pk}/`, { price: 15 }, "staff");
    expect(patched.body.price).toBe(15);
    expect((await t.call("GET", `/api/order/po/${order}/`)).body.total_price).toBe(17);
    expect((await t.call("DELETE", `/api/order/po-extra-line/${x.pk}/`, undefined, "staff")).status).toBe(204);
    expect((await t.call("GET", `/api/order/po-extra-line/?order=${order}`)).body).toHaveLength(1);
    expect((await t.call("POST", "/api/order/po-extra-line/", { order: 99999, quantity: 1 })).body.order).toEqual(['Invalid pk "99999" - object does not exist.']);
  });
});

describe("order barcodes (app barcode.dart:278-280, API ≥ 107)", () => {
  test("a purchase order's native barcode scans to it", async () => {
    const order = (await t.call("POST", "/api/order/po/", { supplier })).body.pk;
    const r = await t.call("POST", "/api/barcode/", { barcode: JSON.stringify({ purchaseorder: order }) });
    expect(r.status).toBe(200);
    expect(r.body.purchaseorder.pk).toBe(order); // barcode.dart:286 `data[key]?["pk"] as int`
  });
});
