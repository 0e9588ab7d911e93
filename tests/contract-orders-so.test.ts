/**
 * Contract: sales orders, shipments and allocations as the InvenTree app (inventree-app @06013b3a)
 * and the Python library (inventree-python @d905764) drive them, request by request, asserting
 * every field and JSON type they read. Citations are `file:line` in those repositories.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makeLocation, makePart, makeStockItem } from "./support/factory.ts";

let t: TestApp;
const db = () => t.services.database;

let customer: number;
let part: number;
let bin: number;
let stock: number;

beforeAll(async () => {
  t = await makeTestApp();
  customer = await makeCompany(db(), { name: "Contract Customer", is_customer: true, is_supplier: false, currency: "GBP" });
  part = await makePart(db(), { name: "Sensor node", salable: true });
  bin = await makeLocation(db(), { name: "Bin A" });
  stock = await makeStockItem(db(), { part, location: bin, quantity: 50 });
});
afterAll(() => t.close());

const isIntOrNull = (v: unknown) => v === null || Number.isInteger(v);
const isStrOrNull = (v: unknown) => v === null || typeof v === "string";

/** Every field InvenTreeOrder / InvenTreeSalesOrder reads. */
function expectSalesOrderShape(o: Record<string, unknown>) {
  expect(Number.isInteger(o.pk)).toBe(true);
  expect(typeof o.reference).toBe("string"); // orders.dart:41
  expect(Number.isInteger(o.customer)).toBe(true); // sales_order.dart:106
  expect(typeof o.customer_reference).toBe("string"); // sales_order.dart:118
  expect(Number.isInteger(o.status)).toBe(true); // model.dart:337
  expect(Number.isInteger(o.status_custom_key)).toBe(true); // model.dart:339
  expect(isStrOrNull(o.issue_date)).toBe(true); // orders.dart:16
  expect(o.start_date).toBeNull(); // orders.dart:18
  expect(typeof o.creation_date).toBe("string"); // orders.dart:22
  expect(isStrOrNull(o.shipment_date)).toBe(true); // orders.dart:24
  expect(isStrOrNull(o.target_date)).toBe(true); // orders.dart:26
  expect(Number.isInteger(o.line_items)).toBe(true); // orders.dart:28
  expect(Number.isInteger(o.completed_lines)).toBe(true); // orders.dart:30
  expect(Number.isInteger(o.shipments_count)).toBe(true); // orders.dart:32
  expect(Number.isInteger(o.completed_shipments_count)).toBe(true); // orders.dart:34
  expect(typeof o.overdue).toBe("boolean"); // orders.dart:39
  expect(o.responsible).toBeNull(); // orders.dart:43
  expect(o.project_code).toBeNull(); // orders.dart:51
  expect(o.contact).toBeNull(); // inventree-python sales_order.py:29 getContact
  expect(o.total_price === null || typeof o.total_price === "number").toBe(true); // orders.dart:61
  expect(isStrOrNull(o.order_currency)).toBe(true); // orders.dart:73
  expect(typeof o.link).toBe("string");
  expect(typeof o.barcode_hash).toBe("string");
}

describe("sales orders (app and python)", () => {
  let order: number;
  let line: number;
  let shipment: number;

  test("create without reference (python createSalesOrder) → SO-0001; list as the app pages it", async () => {
    // inventree-python company.py:85-95 createSalesOrder(**kwargs): no reference.
    const created = await t.call("POST", "/api/order/so/", { customer, description: "Four nodes" });
    expect(created.status).toBe(201);
    expect(created.body.reference).toBe("SO-0001");
    expectSalesOrderShape(created.body);
    order = created.body.pk;
    expect((await t.call("POST", "/api/order/so/", { customer, reference: "Sales 12" })).body.reference).toEqual(["Reference must match required pattern: SO-{ref:04d}"]);
    // sales_order.dart:81-83 defaultFilters customer_detail; sales_order_list.dart:114-128 outstanding / assigned_to_me.
    const list = await t.call("GET", "/api/order/so/?customer_detail=true&outstanding=true&limit=25&offset=0", undefined, "readonly");
    expect(list.status).toBe(200);
    expect(Number.isInteger(list.body.count)).toBe(true);
    for (const o of list.body.results) {
      expectSalesOrderShape(o);
      expect(o.customer_detail.pk).toBe(customer); // sales_order.dart:114 `customer_detail as Map`
    }
    expect((await t.call("GET", "/api/order/so/?customer_detail=true&assigned_to_me=true&limit=25&offset=0")).body.count).toBe(0);
    // company_detail.dart:174-176: the customer's outstanding orders, counted with limit=1.
    expect((await t.call("GET", `/api/order/so/?customer_detail=true&customer=${customer}&outstanding=true&limit=1`)).body.count).toBe(1);
  });

  test("add a line (app form, python addLineItem); list lines with the stock figures", async () => {
    // sales_order_detail.dart:97-111 with sales_order.dart:155-166: order, part, quantity, reference, notes, link.
    const r = await t.call("POST", "/api/order/so-line/", { order, part, quantity: 4, reference: "", notes: "", link: "" }, "staff");
    expect(r.status).toBe(201);
    line = r.body.pk;
    // sales_order_detail.dart:554 PaginatedSOLineList({order}) + sales_order.dart:178-180 part_detail.
    const list = await t.call("GET", `/api/order/so-line/?part_detail=true&order=${order}&limit=25&offset=0`, undefined, "readonly");
    const l = list.body.results[0];
    expect(l.order).toBe(order); // orders.dart:97
    expect(l.quantity).toBe(4); // orders.dart:93
    expect(l.allocated).toBe(0); // sales_order.dart:182
    expect(l.shipped).toBe(0); // sales_order.dart:207
    expect(l.available_stock).toBe(50); // sales_order.dart:211; inventree-python sales_order.py:133
    expect(l.available_variant_stock).toBe(0); // sales_order.dart:227
    expect(l.sale_price === null || typeof l.sale_price === "number").toBe(true); // sales_order.dart:229
    expect(l.sale_price_currency).toBe("GBP"); // sales_order.dart:231
    expect(l.part_detail.pk).toBe(part); // orders.dart:105, :109
    expect(typeof l.overdue).toBe("boolean"); // orders.dart:91
    expect(isStrOrNull(l.target_date)).toBe(true);
    expect(typeof l.link).toBe("string");
  });

  test("issue (201), shipments: create, check, list with order_detail", async () => {
    // sales_order.dart:91 POST so/<pk>/issue/ expected 201.
    const issued = await t.call("POST", `/api/order/so/${order}/issue/`, {}, "staff");
    expect(issued.status).toBe(201);
    expect(issued.body.status).toBe(15);
    // sales_order_detail.dart:80-94 with sales_order.dart:291-301: order, reference, tracking_number, invoice_number, link.
    const created = await t.call("POST", "/api/order/so/shipment/", { order, reference: "1", tracking_number: "", invoice_number: "", link: "" }, "staff");
    expect(created.status).toBe(201);
    shipment = created.body.pk;
    // so_shipment_detail.dart:174 update(values: {checked_by: userId}); :191 {checked_by: null}.
    const checked = await t.call("PATCH", `/api/order/so/shipment/${shipment}/`, { checked_by: t.users.staff }, "staff");
    expect(checked.status).toBe(200);
    expect(checked.body.checked_by).toBe(t.users.staff); // sales_order.dart:325
    expect(checked.body.checked_by_detail.username).toBe("staff");
    expect((await t.call("PATCH", `/api/order/so/shipment/${shipment}/`, { checked_by: null }, "staff")).body.checked_by).toBeNull();
    // sales_order_detail.dart:555 PaginatedSOShipmentList({order}).
    const list = await t.call("GET", `/api/order/so/shipment/?order=${order}&limit=25&offset=0`, undefined, "readonly");
    const sh = list.body.results[0];
    expect(sh.order).toBe(order); // sales_order.dart:303
    expect(sh.order_detail.pk).toBe(order); // sales_order.dart:311 `order_detail as Map`
    expectSalesOrderShape(sh.order_detail);
    expect(sh.order_detail.customer_detail.pk).toBe(customer); // so_shipment_detail.dart:234 order.customer?.thumbnail
    expect(typeof sh.reference).toBe("string"); // sales_order.dart:315
    expect(typeof sh.tracking_number).toBe("string"); // :317
    expect(typeof sh.invoice_number).toBe("string"); // :319
    expect(isStrOrNull(sh.shipment_date)).toBe(true); // :321
    expect(isStrOrNull(sh.delivery_date)).toBe(true); // :323
    expect(isIntOrNull(sh.checked_by)).toBe(true); // :325
    expect(typeof sh.link).toBe("string");
    // inventree-python sales_order.py:67-74 addShipment(reference).
    expect((await t.call("POST", "/api/order/so/shipment/", { order, reference: "2" })).status).toBe(201);
  });

  test("allocate by scan: two open shipments → 200 action_required, then the app's allocation form", async () => {
    // lib/barcode/sales_order.dart:89-102: {barcode, sales_order, shipment, line}.
    const r = await t.call("POST", "/api/barcode/so-allocate/", { barcode: JSON.stringify({ stockitem: stock }), sales_order: order, shipment: null, line: null }, "staff");
    expect(r.status).toBe(200); // handler.dart:114: no 4xx, no `error`, no `success` → onBarcodeUnhandled
    expect(r.body.success).toBeUndefined();
    expect(r.body.error).toBeUndefined();
    expect(r.body.action_required).toBe(true); // sales_order.dart:115
    expect(r.body.line_item).toBe(line); // sales_order.dart:116, :124
    expect(r.body.part).toBe(part); // :128-129
    expect(r.body.stock_item).toBe(stock); // :133
    expect(r.body.quantity).toBe(4); // :135
    expect(r.body.shipment).toBeNull(); // :137
    // sales_order.dart:142-152: the form posts to so/<pk>/allocate/ (sales_order.dart:36, :168-175 fields).
    const form = await t.call("POST", `/api/order/so/${order}/allocate/`, { items: [{ line_item: r.body.line_item, stock_item: r.body.stock_item, quantity: 1 }], shipment }, "staff");
    expect(form.status).toBe(201);
  });

  test("allocate by scan with the shipment given: allocated at once, `line_item` in the answer", async () => {
    const r = await t.call("POST", "/api/barcode/so-allocate/", { barcode: JSON.stringify({ stockitem: stock }), sales_order: order, shipment, line }, "staff");
    expect(r.status).toBe(200);
    expect(typeof r.body.success).toBe("string"); // handler.dart:112
    expect(r.body.line_item).toBe(line); // sales_order.dart:106
  });

  test("python allocateItems: {items, shipment} to so/<pk>/allocate/", async () => {
    // inventree-python sales_order.py:238-268.
    const r = await t.call("POST", `/api/order/so/${order}/allocate/`, { items: [{ line_item: line, quantity: 0, stock_item: stock }].map((i) => ({ ...i, quantity: 0.5 })), shipment });
    expect(r.status).toBe(201);
  });

  test("allocations as the app lists them: order, shipment filters and every detail", async () => {
    // sales_order.dart:354-361 defaultFilters; so_shipment_detail.dart:376-377 {order, shipment}.
    const r = await t.call("GET", `/api/order/so-allocation/?part_detail=true&order_detail=true&item_detail=true&location_detail=true&order=${order}&shipment=${shipment}&limit=25&offset=0`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(3);
    for (const a of r.body.results) {
      expect(a.order).toBe(order); // sales_order.dart:365
      expect(a.order_detail.pk).toBe(order); // :373 `as Map`
      expect(a.item).toBe(stock); // :377
      expect(a.item_detail.pk).toBe(stock); // :385 `as Map`
      expect(a.part).toBe(part); // :389
      expect(a.part_detail.pk).toBe(part); // :397 `as Map`
      expect(a.shipment).toBe(shipment); // :401
      expect(a.shipment_detail.pk).toBe(shipment); // :412 `as Map`
      expect(a.location).toBe(bin); // :417
      expect(a.location_detail.pk).toBe(bin); // :426 `as Map`
      expect(typeof a.quantity).toBe("number");
    }
    const lineNow = await t.call("GET", `/api/order/so-line/${line}/`);
    // 1 (form) + 4 (scan: the line's open quantity) + 0.5 (python).
    expect(lineNow.body.allocated).toBe(5.5);
    expect(lineNow.body.available_stock).toBe(44.5);
  });

  test("ship the shipment (app form; python complete() body with link)", async () => {
    // so_shipment_detail.dart:123-135: shipment_date, tracking_number, invoice_number to so/shipment/<pk>/ship/.
    // inventree-python sales_order.py:296-307 also sends link (and shipment_date None).
    const r = await t.call("POST", `/api/order/so/shipment/${shipment}/ship/`, { shipment_date: null, tracking_number: "TRK-1", invoice_number: "INV-1", link: "https://carrier.example/TRK-1" }, "staff");
    expect(r.status).toBe(201);
    expect(typeof r.body.shipment_date).toBe("string");
    expect(r.body.link).toBe("https://carrier.example/TRK-1");
    const l = await t.call("GET", `/api/order/so-line/${line}/`);
    expect(l.body.shipped).toBe(5.5);
  });

  test("extra lines: create, list by order, edit, delete", async () => {
    // orders.dart:148-161 formFields; so_extra_line_list.dart:104 filters {order}; python sales_order.py:53-60 addExtraLineItem.
    const created = await t.call("POST", "/api/order/so-extra-line/", { order, reference: "Carriage", description: "", quantity: 1, price: 9.5, price_currency: "GBP", link: "", notes: "" }, "staff");
    expect(created.status).toBe(201);
    const list = await t.call("GET", `/api/order/so-extra-line/?order=${order}&limit=25&offset=0`);
    expect(list.body.results[0]).toMatchObject({ order, reference: "Carriage", quantity: 1, price: 9.5, price_currency: "GBP" });
    expect((await t.call("PATCH", `/api/order/so-extra-line/${created.body.pk}/`, { quantity: 2 })).body.quantity).toBe(2);
    expect((await t.call("GET", `/api/order/so/${order}/`)).body.total_price).toBe(19);
    expect((await t.call("DELETE", `/api/order/so-extra-line/${created.body.pk}/`)).status).toBe(204);
  });

  test("order and shipment barcodes scan to them (barcode.dart:250-256, API ≥ 107)", async () => {
    expect((await t.call("POST", "/api/barcode/", { barcode: JSON.stringify({ salesorder: order }) })).body.salesorder.pk).toBe(order);
    expect((await t.call("POST", "/api/barcode/", { barcode: JSON.stringify({ salesordershipment: shipment }) })).body.salesordershipment.pk).toBe(shipment);
  });

  test("python URLs: order/so//<pk>/<status>/ and order/so/shipment//<pk>/ship/ (base.py:738)", async () => {
    const o = (await t.call("POST", "/api/order/so/", { customer })).body.pk;
    expect((await t.call("POST", `/api/order/so//${o}/issue/`, {})).body.status).toBe(15);
    expect((await t.call("POST", `/api/order/so//${o}/hold/`, {})).body.status).toBe(25);
    const l = (await t.call("POST", "/api/order/so-line/", { order: o, part, quantity: 1 })).body.pk;
    const sh = (await t.call("POST", "/api/order/so/shipment/", { order: o, reference: "P1" })).body.pk;
    await t.call("POST", `/api/order/so//${o}/issue/`, {});
    expect((await t.call("POST", `/api/order/so/${o}/allocate/`, { items: [{ line_item: l, stock_item: stock, quantity: 1 }], shipment: sh })).status).toBe(201);
    // sales_order.py:296-307 complete(): _statusupdate('ship', data={shipment_date, tracking_number, invoice_number, link}).
    const shipped = await t.call("POST", `/api/order/so/shipment//${sh}/ship/`, { shipment_date: null, tracking_number: "", invoice_number: "", link: "" });
    expect(shipped.status).toBe(201);
    expect((await t.call("POST", `/api/order/so//${o}/complete/`, {})).status).toBe(201);
  });

  test("cancel (sales_order.dart:102: 201)", async () => {
    const other = (await t.call("POST", "/api/order/so/", { customer })).body;
    expect(other.reference).toBe("SO-0003");
    const r = await t.call("POST", `/api/order/so/${other.pk}/cancel/`, {}, "staff");
    expect(r.status).toBe(201);
    expect(r.body.status).toBe(40);
  });
});
