import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makePart, makeSalesOrder } from "./support/factory.ts";
import { makeSalesLine, makeSalesSetup, makeShipment, type SalesSetup } from "./support/factory-order.ts";

let t: TestApp;
let c: SalesSetup;
beforeAll(async () => {
  t = await makeTestApp();
  c = await makeSalesSetup(t.services.database);
});
afterAll(() => t.close());

const db = () => t.services.database;
const pks = (body: { pk: number }[]) => body.map((o) => o.pk);

describe("auth matrix", () => {
  const reads = ["/api/order/so/", "/api/order/so/1/", "/api/order/so-line/", "/api/order/so-line/1/", "/api/order/so/shipment/", "/api/order/so/shipment/1/", "/api/order/so-allocation/", "/api/order/so-allocation/1/"];
  const writes: [string, string][] = [
    ["POST", "/api/order/so/"],
    ["PATCH", "/api/order/so/1/"],
    ["PUT", "/api/order/so/1/"],
    ["DELETE", "/api/order/so/1/"],
    ["POST", "/api/order/so/1/issue/"],
    ["POST", "/api/order/so/1/hold/"],
    ["POST", "/api/order/so/1/cancel/"],
    ["POST", "/api/order/so/1/complete/"],
    ["POST", "/api/order/so/1/allocate/"],
    ["POST", "/api/order/so-line/"],
    ["PATCH", "/api/order/so-line/1/"],
    ["PUT", "/api/order/so-line/1/"],
    ["DELETE", "/api/order/so-line/1/"],
    ["POST", "/api/order/so/shipment/"],
    ["PATCH", "/api/order/so/shipment/1/"],
    ["PUT", "/api/order/so/shipment/1/"],
    ["DELETE", "/api/order/so/shipment/1/"],
    ["POST", "/api/order/so/shipment/1/ship/"],
    ["PATCH", "/api/order/so-allocation/1/"],
    ["PUT", "/api/order/so-allocation/1/"],
    ["DELETE", "/api/order/so-allocation/1/"],
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

describe("sales orders", () => {
  test("create, read, patch, put, delete", async () => {
    const created = await t.call("POST", "/api/order/so/", { reference: "SO-0901", customer: c.customer, customer_reference: "C-77", status: 30 }, "staff");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ reference: "SO-0901", customer: c.customer, status: 10, status_text: "Pending", line_items: 0, shipments_count: 0, created_by: t.users.staff });
    const pk = created.body.pk;
    expect((await t.call("GET", `/api/order/so/${pk}/?customer_detail=true`, undefined, "readonly")).body.customer_detail.pk).toBe(c.customer);
    expect((await t.call("PATCH", `/api/order/so/${pk}/`, { description: "Urgent", target_date: "2031-05-06" })).body).toMatchObject({ description: "Urgent", target_date: "2031-05-06" });
    expect((await t.call("PUT", `/api/order/so/${pk}/`, { reference: "SO-0902", customer: c.customer })).body.reference).toBe("SO-0902");
    expect((await t.call("DELETE", `/api/order/so/${pk}/`)).status).toBe(204);
    expect((await t.call("GET", `/api/order/so/${pk}/`)).status).toBe(404);
  });

  test("bad input names the field", async () => {
    await makeSalesOrder(db(), { customer: c.customer, reference: "SO-0903" });
    expect((await t.call("POST", "/api/order/so/", { reference: "SO-0903", customer: c.customer })).body.reference).toEqual(["Sales Order with this Reference already exists."]);
    expect((await t.call("POST", "/api/order/so/", { reference: "SO-CRUD", customer: c.customer })).body.reference).toEqual(["Reference must match required pattern: SO-{ref:04d}"]);
    expect((await t.call("POST", "/api/order/so/", { reference: "SO-X" })).body.customer).toEqual(["This field is required."]);
    expect((await t.call("POST", "/api/order/so/", { reference: "SO-X", customer: 99999 })).body.customer).toEqual(['Invalid pk "99999" - object does not exist.']);
    const notCustomer = await makeCompany(db(), { is_customer: false });
    expect((await t.call("POST", "/api/order/so/", { reference: "SO-X", customer: notCustomer })).status).toBe(400);
    // A blank reference on create is generated (the app's form sends null or "" for an untouched field); on PATCH it is refused.
    const generated = await t.call("POST", "/api/order/so/", { reference: "", customer: c.customer });
    expect(generated.body.reference).toMatch(/^SO-\d{4}$/);
    expect((await t.call("PATCH", `/api/order/so/${generated.body.pk}/`, { reference: "" })).body.reference).toEqual(["This field may not be blank."]);
    expect((await t.call("PATCH", "/api/order/so/99999/", { description: "x" })).status).toBe(404);
  });

  test("search splits words as DRF's SearchFilter: each word in some field (customer name included), Unicode-folded", async () => {
    const cust = await makeCompany(db(), { is_customer: true, name: "Okapi Retail" });
    const a = await makeSalesOrder(db(), { customer: cust, reference: "SO-W1", description: "Café order" });
    const b = await makeSalesOrder(db(), { customer: cust, reference: "SO-W2", description: "spares" });
    const search = async (s: string) => pks((await t.call("GET", `/api/order/so/?search=${encodeURIComponent(s)}`)).body).sort((x: number, y: number) => x - y);
    expect(await search("okapi café")).toEqual([a]);
    expect(await search("CAFÉ,SO-W1")).toEqual([a]);
    expect(await search("retail spares")).toEqual([b]);
    expect(await search("okapi")).toEqual([a, b]);
    expect(await search("okapi nowhere")).toEqual([]);
  });

  test("filters, search, ordering, pagination", async () => {
    const cust = await makeCompany(db(), { is_customer: true, name: "Acme Widgets" });
    const a = await makeSalesOrder(db(), { customer: cust, reference: "SO-F1" });
    const b = await makeSalesOrder(db(), { customer: cust, reference: "SO-F2", status: 20 });
    expect(pks((await t.call("GET", `/api/order/so/?customer=${cust}&ordering=reference`)).body)).toEqual([a, b]);
    expect(pks((await t.call("GET", `/api/order/so/?customer=${cust}`)).body)).toEqual([b, a]);
    expect(pks((await t.call("GET", `/api/order/so/?customer=${cust}&status=20`)).body)).toEqual([b]);
    expect(pks((await t.call("GET", `/api/order/so/?customer=${cust}&outstanding=true`)).body)).toEqual([a]);
    expect(pks((await t.call("GET", "/api/order/so/?search=acme&ordering=reference")).body)).toEqual([a, b]);
    expect(pks((await t.call("GET", "/api/order/so/?reference=SO-F1")).body)).toEqual([a]);
    const page = await t.call("GET", `/api/order/so/?customer=${cust}&limit=1`);
    expect(page.body.count).toBe(2);
    expect(page.body.results).toHaveLength(1);
  });
});

describe("sales order lines", () => {
  test("create, read, patch, put, delete", async () => {
    const order = await makeSalesOrder(db(), { customer: c.customer });
    const created = await t.call("POST", "/api/order/so-line/", { order, part: c.part, quantity: 3, sale_price: 9.5, shipped: 3 }, "staff");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ order, part: c.part, quantity: 3, shipped: 0, allocated: 0, sale_price: 9.5 });
    const pk = created.body.pk;
    expect((await t.call("GET", `/api/order/so-line/${pk}/?part_detail=true`, undefined, "readonly")).body.part_detail.pk).toBe(c.part);
    expect((await t.call("PATCH", `/api/order/so-line/${pk}/`, { quantity: 5 })).body.quantity).toBe(5);
    expect((await t.call("PUT", `/api/order/so-line/${pk}/`, { order, part: c.part, quantity: 6 })).body.quantity).toBe(6);
    const order2 = await t.call("GET", `/api/order/so/${order}/`);
    expect(order2.body.line_items).toBe(1);
    expect((await t.call("DELETE", `/api/order/so-line/${pk}/`)).status).toBe(204);
    expect((await t.call("GET", `/api/order/so-line/${pk}/`)).status).toBe(404);
  });

  test("bad input names the field", async () => {
    const order = await makeSalesOrder(db(), { customer: c.customer });
    const notSalable = await makePart(db(), { salable: false });
    expect((await t.call("POST", "/api/order/so-line/", { order, part: notSalable, quantity: 1 })).body.part).toEqual(["Part must be salable"]);
    const unknown = await t.call("POST", "/api/order/so-line/", { order: 99999, part: 99999, quantity: 1 });
    expect(unknown.body).toMatchObject({ order: ['Invalid pk "99999" - object does not exist.'], part: ['Invalid pk "99999" - object does not exist.'] });
    expect((await t.call("POST", "/api/order/so-line/", { order, part: c.part, quantity: -1 })).body.quantity).toEqual(["Quantity must be greater than zero"]);
    expect((await t.call("POST", "/api/order/so-line/", { order, part: c.part })).body.quantity).toEqual(["This field is required."]);
    expect((await t.call("POST", "/api/order/so-line/", { order, part: "x", quantity: 1 })).body.part).toEqual(["A valid integer is required."]);
    const closed = await makeSalesOrder(db(), { customer: c.customer, status: 30 });
    expect((await t.call("POST", "/api/order/so-line/", { order: closed, part: c.part, quantity: 1 })).body.non_field_errors).toEqual(["The order is locked and cannot be modified"]);
  });

  test("filters: order, part, completed", async () => {
    const order = await makeSalesOrder(db(), { customer: c.customer });
    const done = await makeSalesLine(db(), { order, part: c.part, quantity: 2, shipped: 2 });
    const open = await makeSalesLine(db(), { order, part: c.part, quantity: 2, shipped: 1 });
    expect(pks((await t.call("GET", `/api/order/so-line/?order=${order}`)).body)).toEqual([done, open]);
    expect(pks((await t.call("GET", `/api/order/so-line/?order=${order}&completed=true`)).body)).toEqual([done]);
    expect(pks((await t.call("GET", `/api/order/so-line/?order=${order}&completed=false`)).body)).toEqual([open]);
    expect(pks((await t.call("GET", `/api/order/so-line/?part=${c.part}&order=${order}&limit=1`)).body.results)).toEqual([done]);
  });
});

describe("shipments", () => {
  test("create, read, patch, put, delete; reference unique within the order", async () => {
    const order = await makeSalesOrder(db(), { customer: c.customer });
    const created = await t.call("POST", "/api/order/so/shipment/", { order }, "staff");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ order, reference: "1", shipment_date: null, allocated_items: 0 });
    expect(created.body.order_detail.pk).toBe(order);
    const dup = await t.call("POST", "/api/order/so/shipment/", { order, reference: "1" });
    expect(dup.status).toBe(400);
    expect(dup.body.non_field_errors).toEqual(["The fields order, reference must make a unique set."]);
    const pk = created.body.pk;
    expect((await t.call("GET", `/api/order/so/shipment/${pk}/`, undefined, "readonly")).body.pk).toBe(pk);
    expect((await t.call("PATCH", `/api/order/so/shipment/${pk}/`, { tracking_number: "TRK-1" })).body.tracking_number).toBe("TRK-1");
    expect((await t.call("PUT", `/api/order/so/shipment/${pk}/`, { order, reference: "2" })).body.reference).toBe("2");
    expect((await t.call("GET", `/api/order/so/${order}/`)).body.shipments_count).toBe(1);
    expect((await t.call("DELETE", `/api/order/so/shipment/${pk}/`)).status).toBe(204);
    expect((await t.call("GET", `/api/order/so/shipment/${pk}/`)).status).toBe(404);
  });

  test("bad input and filters", async () => {
    expect((await t.call("POST", "/api/order/so/shipment/", {})).body.order).toEqual(["This field is required."]);
    expect((await t.call("POST", "/api/order/so/shipment/", { order: 99999 })).body.order).toEqual(['Invalid pk "99999" - object does not exist.']);
    expect((await t.call("POST", "/api/order/so/shipment/", { order: "x" })).body.order).toEqual(["A valid integer is required."]);
    const order = await makeSalesOrder(db(), { customer: c.customer });
    const sent = await makeShipment(db(), { order, shipment_date: "2024-01-01", delivery_date: "2024-01-03" });
    const waiting = await makeShipment(db(), { order });
    expect(pks((await t.call("GET", `/api/order/so/shipment/?order=${order}`)).body)).toEqual([sent, waiting]);
    expect(pks((await t.call("GET", `/api/order/so/shipment/?order=${order}&shipped=true`)).body)).toEqual([sent]);
    expect(pks((await t.call("GET", `/api/order/so/shipment/?order=${order}&shipped=false`)).body)).toEqual([waiting]);
    expect(pks((await t.call("GET", `/api/order/so/shipment/?order=${order}&delivered=true`)).body)).toEqual([sent]);
    expect((await t.call("DELETE", `/api/order/so/shipment/${sent}/`)).status).toBe(400);
    const ship = await t.call("POST", `/api/order/so/shipment/${waiting}/ship/`, {});
    expect(ship.status).toBe(400);
    expect(ship.body.non_field_errors).toEqual(["Shipment has no allocated stock items"]);
    expect((await t.call("POST", `/api/order/so/shipment/${sent}/ship/`, {})).body.non_field_errors).toEqual(["Shipment has already been sent"]);
    expect((await t.call("POST", `/api/order/so/shipment/${waiting}/ship/`, { shipment_date: "soon" })).body.shipment_date).toBeDefined();
    expect((await t.call("POST", "/api/order/so/shipment/99999/ship/", {})).status).toBe(404);
  });
});

describe("status transitions", () => {
  test("issue, hold, re-issue, cancel; illegal moves are 400", async () => {
    const order = await makeSalesOrder(db(), { customer: c.customer });
    const issued = await t.call("POST", `/api/order/so/${order}/issue/`, undefined, "staff");
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ status: 15, status_text: "In Progress" });
    expect((await t.call("POST", `/api/order/so/${order}/hold/`)).body.status).toBe(25);
    expect((await t.call("POST", `/api/order/so/${order}/hold/`)).status).toBe(400);
    expect((await t.call("POST", `/api/order/so/${order}/issue/`)).body.status).toBe(15);
    expect((await t.call("POST", `/api/order/so/${order}/cancel/`)).body.status).toBe(40);
    const again = await t.call("POST", `/api/order/so/${order}/issue/`);
    expect(again.status).toBe(400);
    expect(again.body.non_field_errors[0]).toContain("Order cannot be issued");
    expect((await t.call("POST", `/api/order/so/${order}/complete/`, { accept_incomplete: true })).body.non_field_errors).toEqual(["Order is already cancelled"]);
    expect((await t.call("POST", "/api/order/so/99999/issue/")).status).toBe(404);
  });

  test("complete: incomplete lines need accept_incomplete; pending shipments block; shipped then complete", async () => {
    const order = await makeSalesOrder(db(), { customer: c.customer, status: 15 });
    await makeSalesLine(db(), { order, part: c.part, quantity: 2 });
    expect((await t.call("POST", `/api/order/so/${order}/complete/`, {})).body.accept_incomplete).toEqual(["Order has incomplete line items"]);
    const shipment = await makeShipment(db(), { order });
    expect((await t.call("POST", `/api/order/so/${order}/complete/`, { accept_incomplete: true })).body.non_field_errors).toEqual(["Order cannot be completed as there are incomplete shipments"]);
    await t.call("DELETE", `/api/order/so/shipment/${shipment}/`);
    const shipped = await t.call("POST", `/api/order/so/${order}/complete/`, { accept_incomplete: true });
    expect(shipped.status).toBe(201);
    expect(shipped.body).toMatchObject({ status: 20, status_text: "Shipped" });
    expect(shipped.body.shipment_date).not.toBeNull();
    const complete = await t.call("POST", `/api/order/so/${order}/complete/`, { accept_incomplete: true });
    expect(complete.body.status).toBe(30);
    expect((await t.call("POST", `/api/order/so/${order}/complete/`, { accept_incomplete: true })).body.non_field_errors).toEqual(["Order is already complete"]);
  });

  test("SALESORDER_SHIP_COMPLETE (InvenTree's setting, off by default): complete skips SHIPPED", async () => {
    const setting = await t.call("GET", "/api/settings/global/SALESORDER_SHIP_COMPLETE/", undefined, "readonly");
    expect(setting.status).toBe(200);
    expect(setting.body).toMatchObject({ key: "SALESORDER_SHIP_COMPLETE", value: "False", type: "boolean" });
    expect((await t.call("PATCH", "/api/settings/global/SALESORDER_SHIP_COMPLETE/", { value: true })).body.value).toBe("True");
    try {
      const order = await makeSalesOrder(db(), { customer: c.customer, status: 15 });
      const done = await t.call("POST", `/api/order/so/${order}/complete/`, { accept_incomplete: true });
      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ status: 30, status_text: "Complete" });
      expect(done.body.shipment_date).not.toBeNull();
    } finally {
      await t.call("PATCH", "/api/settings/global/SALESORDER_SHIP_COMPLETE/", { value: false });
    }
  });
});
