import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makeLocation, makePurchaseOrder, makeSupplierPart } from "./support/factory.ts";
import { makePurchaseLine, makePurchaseSetup, type PurchaseSetup } from "./support/factory-order.ts";

let t: TestApp;
let p: PurchaseSetup;
beforeAll(async () => {
  t = await makeTestApp();
  p = await makePurchaseSetup(t.services.database);
});
afterAll(() => t.close());

const db = () => t.services.database;

describe("auth matrix", () => {
  const reads = ["/api/order/po/", "/api/order/po/1/", "/api/order/po-line/", "/api/order/po-line/1/"];
  const writes: [string, string][] = [
    ["POST", "/api/order/po/"],
    ["PATCH", "/api/order/po/1/"],
    ["PUT", "/api/order/po/1/"],
    ["DELETE", "/api/order/po/1/"],
    ["POST", "/api/order/po/1/issue/"],
    ["POST", "/api/order/po/1/hold/"],
    ["POST", "/api/order/po/1/cancel/"],
    ["POST", "/api/order/po/1/complete/"],
    ["POST", "/api/order/po/1/receive/"],
    ["POST", "/api/order/po-line/"],
    ["PATCH", "/api/order/po-line/1/"],
    ["PUT", "/api/order/po-line/1/"],
    ["DELETE", "/api/order/po-line/1/"],
  ];
  test("reads need credentials; readonly may read", async () => {
    for (const path of reads) {
      expect((await t.call("GET", path, undefined, null)).status).toBe(401);
      expect([200, 404]).toContain((await t.call("GET", path, undefined, "readonly")).status);
    }
  });
  test("writes: 401 without credentials, 403 for readonly", async () => {
    for (const [method, path] of writes) {
      expect((await t.call(method, path, {}, null)).status).toBe(401);
      expect((await t.call(method, path, {}, "readonly")).status).toBe(403);
    }
  });
});

describe("purchase orders", () => {
  test("create, read, patch, put, delete", async () => {
    const created = await t.call("POST", "/api/order/po/", { reference: "PO-0901", supplier: p.supplier, description: "Resistors", status: 30 }, "staff");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ reference: "PO-0901", supplier: p.supplier, status: 10, status_text: "Pending", line_items: 0, completed_lines: 0, created_by: t.users.staff });
    expect(created.body.supplier_detail).toBeUndefined();
    const pk = created.body.pk;
    const detail = await t.call("GET", `/api/order/po/${pk}/?supplier_detail=true`, undefined, "readonly");
    expect(detail.body.supplier_detail.pk).toBe(p.supplier);
    const patched = await t.call("PATCH", `/api/order/po/${pk}/`, { description: "Capacitors", target_date: "2030-01-02", destination: p.location }, "staff");
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: "Capacitors", target_date: "2030-01-02", destination: p.location, status: 10 });
    const put = await t.call("PUT", `/api/order/po/${pk}/`, { reference: "PO-0902", supplier: p.supplier }, "staff");
    expect(put.status).toBe(200);
    expect(put.body.reference).toBe("PO-0902");
    expect((await t.call("DELETE", `/api/order/po/${pk}/`, undefined, "staff")).status).toBe(204);
    expect((await t.call("GET", `/api/order/po/${pk}/`)).status).toBe(404);
    expect((await t.call("DELETE", `/api/order/po/${pk}/`)).status).toBe(404);
  });

  test("bad input names the field", async () => {
    await makePurchaseOrder(db(), { supplier: p.supplier, reference: "PO-0903" });
    const dup = await t.call("POST", "/api/order/po/", { reference: "PO-0903", supplier: p.supplier });
    expect(dup.status).toBe(400);
    expect(dup.body.reference).toEqual(["Purchase Order with this Reference already exists."]);
    const offPattern = await t.call("POST", "/api/order/po/", { reference: "po-taken", supplier: p.supplier });
    expect(offPattern.body.reference).toEqual(["Reference must match required pattern: PO-{ref:04d}"]);
    const blank = await t.call("POST", "/api/order/po/", { reference: "", supplier: p.supplier });
    expect(blank.status).toBe(201);
    expect(blank.body.reference).toMatch(/^PO-\d{4}$/);
    const cleared = await t.call("PATCH", `/api/order/po/${blank.body.pk}/`, { reference: "" });
    expect(cleared.status).toBe(400);
    expect(cleared.body.reference).toBeDefined();
    const wrongType = await t.call("POST", "/api/order/po/", { reference: "PO-X", supplier: "abc" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.supplier).toBeDefined();
    const unknown = await t.call("POST", "/api/order/po/", { reference: "PO-X", supplier: 9999, destination: 9999 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.supplier).toEqual(['Invalid pk "9999" - object does not exist.']);
    expect(unknown.body.destination).toEqual(['Invalid pk "9999" - object does not exist.']);
    const customerOnly = await makeCompany(db(), { is_supplier: false, is_customer: true });
    expect((await t.call("POST", "/api/order/po/", { reference: "PO-X", supplier: customerOnly })).body.supplier).toBeDefined();
    const badDate = await t.call("PATCH", `/api/order/po/${await makePurchaseOrder(db(), { supplier: p.supplier })}/`, { target_date: "tomorrow" });
    expect(badDate.status).toBe(400);
    expect(badDate.body.target_date).toBeDefined();
    expect((await t.call("PATCH", "/api/order/po/99999/", { description: "x" })).status).toBe(404);
  });

  test("changing the supplier of an order with lines from another supplier is refused", async () => {
    const order = await makePurchaseOrder(db(), { supplier: p.supplier });
    await makePurchaseLine(db(), { order, part: p.supplierPart });
    const other = await makeCompany(db());
    const r = await t.call("PATCH", `/api/order/po/${order}/`, { supplier: other });
    expect(r.status).toBe(400);
    expect(r.body.supplier).toBeDefined();
  });

  test("search splits words as DRF's SearchFilter: each word in some field (supplier name included), Unicode-folded", async () => {
    const sup = await makeCompany(db(), { name: "Okapi Trading" });
    const a = await makePurchaseOrder(db(), { supplier: sup, reference: "PO-W1", description: "Café resistors" });
    const b = await makePurchaseOrder(db(), { supplier: sup, reference: "PO-W2", description: "capacitors" });
    const search = async (s: string) => (await t.call("GET", `/api/order/po/?search=${encodeURIComponent(s)}`)).body.map((o: { pk: number }) => o.pk).sort((x: number, y: number) => x - y);
    expect(await search("okapi resistors")).toEqual([a]);
    expect(await search(" CAFÉ  okapi,PO-W1 ")).toEqual([a]);
    expect(await search("okapi")).toEqual([a, b]);
    expect(await search("okapi nowhere")).toEqual([]);
    expect(await search("okapi_trading")).toEqual([]); // "_" is literal, not LIKE's wildcard
  });

  test("filters, search, ordering and pagination", async () => {
    const s2 = await makeCompany(db(), { name: "Zebra Electronics" });
    const a = await makePurchaseOrder(db(), { supplier: s2, reference: "PO-F1", description: "first" });
    const b = await makePurchaseOrder(db(), { supplier: s2, reference: "PO-F2", status: 30 });
    const bySupplier = await t.call("GET", `/api/order/po/?supplier=${s2}&ordering=reference`);
    expect(bySupplier.body.map((o: { pk: number }) => o.pk)).toEqual([a, b]);
    const desc = await t.call("GET", `/api/order/po/?supplier=${s2}&ordering=-reference`);
    expect(desc.body.map((o: { pk: number }) => o.pk)).toEqual([b, a]);
    expect((await t.call("GET", `/api/order/po/?supplier=${s2}&status=30`)).body.map((o: { pk: number }) => o.pk)).toEqual([b]);
    expect((await t.call("GET", `/api/order/po/?supplier=${s2}&outstanding=true`)).body.map((o: { pk: number }) => o.pk)).toEqual([a]);
    expect((await t.call("GET", `/api/order/po/?supplier=${s2}&outstanding=false`)).body.map((o: { pk: number }) => o.pk)).toEqual([b]);
    expect((await t.call("GET", "/api/order/po/?reference=po-f2")).body.map((o: { pk: number }) => o.pk)).toEqual([b]);
    expect((await t.call("GET", "/api/order/po/?search=zebra")).body).toHaveLength(2);
    expect((await t.call("GET", "/api/order/po/?search=first")).body.map((o: { pk: number }) => o.pk)).toEqual([a]);
    const page = await t.call("GET", `/api/order/po/?supplier=${s2}&ordering=reference&limit=1&offset=1`);
    expect(page.body.count).toBe(2);
    expect(page.body.results[0].pk).toBe(b);
    expect(page.body.previous).not.toBeNull();
    expect(page.body.next).toBeNull();
    expect((await t.call("GET", "/api/order/po/?status=abc")).status).toBe(400);
  });

  test("line_items, completed_lines and overdue are computed", async () => {
    const order = await makePurchaseOrder(db(), { supplier: p.supplier, target_date: "2000-01-01" });
    await makePurchaseLine(db(), { order, part: p.supplierPart, quantity: 5, received: 5 });
    await makePurchaseLine(db(), { order, part: p.supplierPart, quantity: 5, received: 1 });
    const r = await t.call("GET", `/api/order/po/${order}/`);
    expect(r.body).toMatchObject({ line_items: 2, completed_lines: 1, overdue: true });
    expect((await t.call("GET", `/api/order/po/?overdue=true&supplier=${p.supplier}`)).body.map((o: { pk: number }) => o.pk)).toContain(order);
  });
});

describe("status transitions", () => {
  test("issue, hold, re-issue, cancel", async () => {
    const order = await makePurchaseOrder(db(), { supplier: p.supplier });
    const issued = await t.call("POST", `/api/order/po/${order}/issue/`, undefined, "staff");
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ status: 20, status_text: "Placed" });
    expect(issued.body.issue_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await t.call("POST", `/api/order/po/${order}/hold/`)).body.status).toBe(25);
    expect((await t.call("POST", `/api/order/po/${order}/issue/`)).body.status).toBe(20);
    expect((await t.call("POST", `/api/order/po/${order}/cancel/`)).body.status).toBe(40);
    const again = await t.call("POST", `/api/order/po/${order}/issue/`);
    expect(again.status).toBe(400);
    expect(again.body.non_field_errors[0]).toContain("Order cannot be issued");
    const cancel = await t.call("POST", `/api/order/po/${order}/cancel/`);
    expect(cancel.status).toBe(400);
    expect(cancel.body.non_field_errors[0]).toContain("Order cannot be cancelled");
    expect((await t.call("POST", `/api/order/po/${order}/hold/`)).status).toBe(400);
  });

  test("complete needs a placed order and, with lines outstanding, accept_incomplete", async () => {
    const order = await makePurchaseOrder(db(), { supplier: p.supplier });
    await makePurchaseLine(db(), { order, part: p.supplierPart, quantity: 5 });
    const pending = await t.call("POST", `/api/order/po/${order}/complete/`, { accept_incomplete: true });
    expect(pending.status).toBe(400);
    expect(pending.body.non_field_errors[0]).toContain("Order cannot be completed");
    await t.call("POST", `/api/order/po/${order}/issue/`);
    const incomplete = await t.call("POST", `/api/order/po/${order}/complete/`, {});
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.accept_incomplete).toEqual(["Order has incomplete line items"]);
    expect((await t.call("POST", `/api/order/po/${order}/complete/`, { accept_incomplete: "maybe" })).status).toBe(400);
    const done = await t.call("POST", `/api/order/po/${order}/complete/`, { accept_incomplete: true });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ status: 30, status_text: "Complete" });
    expect(done.body.complete_date).not.toBeNull();
  });

  test("a placed order with every line received completes without the flag", async () => {
    const order = await makePurchaseOrder(db(), { supplier: p.supplier, status: 20 });
    await makePurchaseLine(db(), { order, part: p.supplierPart, quantity: 5, received: 5 });
    expect((await t.call("POST", `/api/order/po/${order}/complete/`)).body.status).toBe(30);
  });

  test("unknown order is 404", async () => {
    expect((await t.call("POST", "/api/order/po/99999/issue/")).status).toBe(404);
  });
});

describe("purchase order lines", () => {
  test("create, read, patch, put, delete", async () => {
    const order = await makePurchaseOrder(db(), { supplier: p.supplier });
    const created = await t.call("POST", "/api/order/po-line/", { order, part: p.supplierPart, quantity: 4, purchase_price: 2.5, reference: "L1", received: 99 }, "staff");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ order, part: p.supplierPart, quantity: 4, received: 0, purchase_price: 2.5, total_price: 10, internal_part: p.part });
    const pk = created.body.pk;
    const detail = await t.call("GET", `/api/order/po-line/${pk}/?part_detail=true`, undefined, "readonly");
    expect(detail.body.part_detail.pk).toBe(p.part);
    expect(detail.body.supplier_part_detail.pk).toBe(p.supplierPart);
    expect((await t.call("PATCH", `/api/order/po-line/${pk}/`, { quantity: 6, destination: p.location })).body).toMatchObject({ quantity: 6, destination: p.location });
    expect((await t.call("PUT", `/api/order/po-line/${pk}/`, { order, part: p.supplierPart, quantity: 7 })).body.quantity).toBe(7);
    expect((await t.call("DELETE", `/api/order/po-line/${pk}/`)).status).toBe(204);
    expect((await t.call("GET", `/api/order/po-line/${pk}/`)).status).toBe(404);
  });

  test("bad input names the field", async () => {
    const order = await makePurchaseOrder(db(), { supplier: p.supplier });
    const other = await makeSupplierPart(db(), { part: p.part, supplier: await makeCompany(db()) });
    const wrongSupplier = await t.call("POST", "/api/order/po-line/", { order, part: other, quantity: 1 });
    expect(wrongSupplier.status).toBe(400);
    expect(wrongSupplier.body.part).toEqual(["Supplier must match purchase order"]);
    const unknown = await t.call("POST", "/api/order/po-line/", { order: 99999, part: 99999, quantity: 1 });
    expect(unknown.body).toMatchObject({ order: ['Invalid pk "99999" - object does not exist.'], part: ['Invalid pk "99999" - object does not exist.'] });
    const negative = await t.call("POST", "/api/order/po-line/", { order, part: p.supplierPart, quantity: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.quantity).toEqual(["Quantity must be greater than zero"]);
    const missing = await t.call("POST", "/api/order/po-line/", { order, part: p.supplierPart });
    expect(missing.body.quantity).toEqual(["This field is required."]);
    const wrongType = await t.call("POST", "/api/order/po-line/", { order, part: p.supplierPart, quantity: "lots" });
    expect(wrongType.body.quantity).toEqual(["A valid number is required."]);
    const badDest = await t.call("POST", "/api/order/po-line/", { order, part: p.supplierPart, quantity: 1, destination: 99999 });
    expect(badDest.body.destination).toBeDefined();
    const line = await makePurchaseLine(db(), { order, part: p.supplierPart });
    expect((await t.call("PATCH", `/api/order/po-line/${line}/`, { quantity: 0 })).body.quantity).toBeDefined();
  });

  test("lines of a closed order are locked", async () => {
    const order = await makePurchaseOrder(db(), { supplier: p.supplier, status: 30 });
    const line = await makePurchaseLine(db(), { order, part: p.supplierPart });
    const add = await t.call("POST", "/api/order/po-line/", { order, part: p.supplierPart, quantity: 1 });
    expect(add.status).toBe(400);
    expect(add.body.non_field_errors).toEqual(["The order is locked and cannot be modified"]);
    expect((await t.call("PATCH", `/api/order/po-line/${line}/`, { quantity: 3 })).status).toBe(400);
    expect((await t.call("DELETE", `/api/order/po-line/${line}/`)).status).toBe(400);
  });

  test("filters: order, part, base_part, received, pending", async () => {
    const setup = await makePurchaseSetup(db());
    const open = await makePurchaseOrder(db(), { supplier: setup.supplier, status: 20 });
    const closed = await makePurchaseOrder(db(), { supplier: setup.supplier, status: 30 });
    const done = await makePurchaseLine(db(), { order: open, part: setup.supplierPart, quantity: 2, received: 2 });
    const waiting = await makePurchaseLine(db(), { order: open, part: setup.supplierPart, quantity: 2, received: 0 });
    const old = await makePurchaseLine(db(), { order: closed, part: setup.supplierPart, quantity: 2, received: 1 });
    const pks = async (q: string) => (await t.call("GET", `/api/order/po-line/?${q}`)).body.map((l: { pk: number }) => l.pk);
    expect(await pks(`order=${open}`)).toEqual([done, waiting]);
    expect(await pks(`part=${setup.supplierPart}`)).toEqual([done, waiting, old]);
    expect(await pks(`base_part=${setup.part}`)).toEqual([done, waiting, old]);
    expect(await pks(`base_part=${setup.part}&received=true`)).toEqual([done]);
    expect(await pks(`base_part=${setup.part}&received=false`)).toEqual([waiting]);
    expect(await pks(`base_part=${setup.part}&pending=false`)).toEqual([old]);
    expect(await pks(`base_part=${setup.part}&pending=true&ordering=-pk`)).toEqual([done, waiting]);
    const page = await t.call("GET", `/api/order/po-line/?base_part=${setup.part}&limit=2`);
    expect(page.body.count).toBe(3);
    expect(page.body.next).toContain("offset=2");
  });
});
