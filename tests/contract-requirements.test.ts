/**
 * Contract: a part's requirements (InvenTree API 350) as the InvenTree app (inventree-app @06013b3a)
 * loads them on the part detail screen, request by request. Citations are `file:line` there; the
 * numbers follow InvenTree's PartRequirementsSerializer and Part model (total_stock, available_stock,
 * on_order, required_sales_order_quantity, sales_order_allocation_count(pending=True)).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as T from "../server/db/tables.ts";
import { PO_STATUS, SO_STATUS } from "../server/db/schema/order.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { expectFields } from "./support/client-types.ts";
import { makePurchaseLine, makeSalesLine, makeShipment } from "./support/factory-order.ts";
import { makeCompany, makeLocation, makePart, makePurchaseOrder, makeSalesOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";

let t: TestApp;
const db = () => t.services.database;

let part: number;
let bare: number;

const allocate = async (line: number, item: number, quantity: number, shipment: number | null = null) =>
  await db().write((tx) => tx.q.insert(T.salesOrderAllocations).values({ line, item, quantity, shipment }));

beforeAll(async () => {
  t = await makeTestApp();
  const supplier = await makeCompany(db(), { is_supplier: true });
  const customer = await makeCompany(db(), { is_customer: true, is_supplier: false });
  const shelf = await makeLocation(db());
  part = await makePart(db(), { name: "Sensor board", purchaseable: true, salable: true, assembly: true, active: true });
  bare = await makePart(db(), { name: "Nothing on it" });
  // Stock: 60 + 40 in stock; an item sent to a customer does not count.
  const a = await makeStockItem(db(), { part, location: shelf, quantity: 60 });
  const b = await makeStockItem(db(), { part, location: shelf, quantity: 40 });
  await makeStockItem(db(), { part, location: null, quantity: 7, customer });
  // On order: packs of 10. Open orders count what is still to receive, closed ones nothing.
  const sp = await makeSupplierPart(db(), { part, supplier, SKU: "SB-10", pack_quantity: "10", pack_quantity_native: 10 });
  const placed = await makePurchaseOrder(db(), { supplier, reference: "PO-0001", status: PO_STATUS.PLACED });
  await makePurchaseLine(db(), { order: placed, part: sp, quantity: 5, received: 2 }); // 3 packs = 30
  const pending = await makePurchaseOrder(db(), { supplier, reference: "PO-0002", status: PO_STATUS.PENDING });
  await makePurchaseLine(db(), { order: pending, part: sp, quantity: 1, received: 0 }); // 10
  const done = await makePurchaseOrder(db(), { supplier, reference: "PO-0003", status: PO_STATUS.COMPLETE });
  await makePurchaseLine(db(), { order: done, part: sp, quantity: 4, received: 1 }); // closed: 0
  // Sales: an open order needs 40 - 5 shipped = 35; 20 allocated and not shipped, 5 on a sent shipment.
  const open = await makeSalesOrder(db(), { customer, reference: "SO-0001", status: SO_STATUS.IN_PROGRESS });
  const line = await makeSalesLine(db(), { order: open, part, quantity: 40, shipped: 5 });
  await allocate(line, a, 15, await makeShipment(db(), { order: open }));
  await allocate(line, b, 5);
  await allocate(line, b, 5, await makeShipment(db(), { order: open, shipment_date: "2030-01-01" }));
  // A cancelled order needs nothing and holds nothing.
  const cancelled = await makeSalesOrder(db(), { customer, reference: "SO-0002", status: SO_STATUS.CANCELLED });
  await allocate(await makeSalesLine(db(), { order: cancelled, part, quantity: 9 }), a, 9);
});
afterAll(() => t.close());

/** Every field InvenTreePartRequirements reads (part.dart:478-492, all getDouble), with InvenTree's JSON types. */
const REQUIREMENTS_FIELDS = {
  total_stock: "number",
  unallocated_stock: "number",
  can_build: "number", // part.dart:478
  ordering: "number", // part.dart:480
  building: "number", // part.dart:482
  scheduled_to_build: "int", // part.dart:484 (an IntegerField in InvenTree)
  required_for_build_orders: "number", // part.dart:486
  allocated_to_build_orders: "number", // part.dart:488
  required_for_sales_orders: "number", // part.dart:490
  allocated_to_sales_orders: "number", // part.dart:492
} as const;

describe("part detail → requirements (app)", () => {
  test("the part screen's requests: detail, then requirements with every figure the tiles show", async () => {
    // part_detail.dart:245-246: with supportsPartRequirements (api.dart:357, ≥ 350) the screen calls
    // part.getRequirements() → GET /api/part/<pk>/requirements/ (part.dart:218-222), a JSON object (part.dart:226).
    const detail = await t.call("GET", `/api/part/${part}/`, undefined, "readonly");
    expect(detail.status).toBe(200);
    const r = await t.call("GET", `/api/part/${part}/requirements/`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    expectFields(r.body, REQUIREMENTS_FIELDS);
    expect(r.body).toEqual({
      total_stock: 100,
      unallocated_stock: 80, // 100 - 20 allocated to the open order and not shipped
      can_build: 0, // part_detail.dart:500 (no BOMs: InvenTree's 0 for a part without one)
      ordering: 40, // part_detail.dart:549: (5 - 2) packs of 10 on the placed order + 1 pack pending
      building: 0, // part_detail.dart:475-487
      scheduled_to_build: 0,
      required_for_build_orders: 0, // part_detail.dart:509-520
      allocated_to_build_orders: 0,
      required_for_sales_orders: 35, // part_detail.dart:529-540: 40 ordered - 5 shipped
      allocated_to_sales_orders: 20, // 15 + 5 not yet shipped; the sent shipment's 5 no longer pending
    });
    // The "on order" tile shows the part's own `ordering` (part_detail.dart:549-555, part.dart:298):
    // both come from the same computation.
    expect(detail.body.ordering).toBe(r.body.ordering);
    expect(detail.body.unallocated_stock).toBe(r.body.unallocated_stock);
    expect(detail.body.allocated_to_sales_orders).toBe(r.body.allocated_to_sales_orders);
    expect(detail.body.required_for_sales_orders).toBe(r.body.required_for_sales_orders);
  });

  test("a part with nothing: all zeros, not missing keys", async () => {
    const r = await t.call("GET", `/api/part/${bare}/requirements/`, undefined, "readonly");
    expect(r.status).toBe(200);
    expectFields(r.body, REQUIREMENTS_FIELDS);
    for (const v of Object.values(r.body)) expect(v).toBe(0);
  });

  test("a missing part is a 404 (the app then shows no requirement tiles: part.dart:223 isValid)", async () => {
    const r = await t.call("GET", "/api/part/99999/requirements/", undefined, "readonly");
    expect(r.status).toBe(404);
    expect(typeof r.body.detail).toBe("string");
  });

  test("read access as for the part (rolesRequired part: part.dart:471); no token, 401", async () => {
    expect((await t.call("GET", `/api/part/${part}/requirements/`, undefined, "staff")).status).toBe(200);
    expect((await t.call("GET", `/api/part/${part}/requirements/`, undefined, null)).status).toBe(401);
  });

  test("read-only: the route answers GET only", async () => {
    const r = await t.call("POST", `/api/part/${part}/requirements/`, {}, "superuser");
    expect([404, 405]).toContain(r.status);
  });
});
