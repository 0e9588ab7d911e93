/**
 * Scan-driven orders through the real server, InvenTree's BarcodePOReceive / BarcodeSOAllocate
 * behaviour (plugin/base/barcodes/api.py, test_barcode.py, suppliers/test_supplier_barcodes.py):
 * supplier labels decoded by a WASM fixture plugin ("SUPTEST<json>" → that supplier object) are
 * received against purchase-order lines; native stock-item barcodes are allocated to sales orders.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import * as s from "../server/db/schema/index.ts";
import * as T from "../server/db/tables.ts";
import { makeTestApp, sqliteOnly, type TestApp } from "./support/app.ts";
import { makeCompany, makeLocation, makePart, makePurchaseOrder, makeSalesOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";
import { makePurchaseLine, makeSalesLine, makeShipment, stockOfPart } from "./support/factory-order.ts";
import { failOn } from "./support/factory-part.ts";
import { expectStaffOnly, trackingOf } from "./support/factory-stock.ts";
import { pluginsDir } from "./support/plugins.ts";

let t: TestApp;
const PO_RECEIVE = "/api/barcode/po-receive/";
const SO_ALLOCATE = "/api/barcode/so-allocate/";
/** A supplier label our fixture plugin decodes to exactly these fields. */
const label = (fields: Record<string, unknown>) => `SUPTEST${JSON.stringify(fields)}`;
const receive = (body: Record<string, unknown>, as: "staff" | "readonly" | "superuser" = "staff") => t.call("POST", PO_RECEIVE, body, as);
const allocate = (body: Record<string, unknown>, as: "staff" | "readonly" | "superuser" = "staff") => t.call("POST", SO_ALLOCATE, body, as);
const db = () => t.services.database;
const line = async (id: number) => (await db().q.select().from(T.purchaseOrderLines).where(eq(T.purchaseOrderLines.id, id)))[0];
const stockRow = async (id: number) => (await db().q.select().from(T.stockItems).where(eq(T.stockItems.id, id)))[0];
const stockCount = async () => (await db().q.select().from(T.stockItems)).length;

let refs = 0;
/** Order references the demo's PO-0001… cannot collide with. */
const uniqueRef = () => `PO-SCAN-${++refs}`;

/** A placed order with one line of a fresh supplier part; no destinations unless asked. */
async function placedLine(opts: { quantity?: number; destination?: number | null; lineDestination?: number | null; supplierName?: string } = {}) {
  const supplier = await makeCompany(db(), { name: opts.supplierName ?? `Supplier ${Math.random().toString(36).slice(2, 8)}`, is_supplier: true });
  const part = await makePart(db());
  const sku = `SKU-${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  const supplierPart = await makeSupplierPart(db(), { part, supplier, SKU: sku, MPN: `MPN-${sku}` });
  const order = await makePurchaseOrder(db(), { supplier, reference: uniqueRef(), status: s.PO_STATUS.PLACED, destination: opts.destination ?? null });
  const lineId = await makePurchaseLine(db(), { order, part: supplierPart, quantity: opts.quantity ?? 10, destination: opts.lineDestination ?? null });
  const reference = (await db().q.select().from(T.purchaseOrders).where(eq(T.purchaseOrders.id, order)))[0]?.reference ?? "";
  return { supplier, part, sku, supplierPart, order, line: lineId, reference };
}

beforeAll(async () => {
  t = await makeTestApp({ demo: true, pluginsDir: pluginsDir({ fixtures: ["supplier-label"] }) });
});
afterAll(() => t.close());

describe("po-receive: request checks", () => {
  test("staff only: 401 without credentials, 403 for read-only users", async () => {
    await expectStaffOnly(t, "POST", PO_RECEIVE, { barcode: label({ sku: "X" }) });
  });

  test("missing, blank and over-long barcodes are 400s naming the field", async () => {
    expect((await receive({})).body).toEqual({ barcode: ["This field is required."] });
    expect((await receive({ barcode: "   " })).body).toEqual({ barcode: ["This field may not be blank."] });
    expect((await receive({ barcode: "x".repeat(4096) })).body.barcode[0]).toContain("no more than 4095 characters");
    expect((await receive({ barcode: 12 as unknown as string, location: "here" })).status).toBe(400);
  });

  test("unknown pks, an unplaced order and a structural location are refused field by field", async () => {
    const pending = await makePurchaseOrder(db(), { supplier: await makeCompany(db()), reference: uniqueRef(), status: s.PO_STATUS.PENDING });
    const structural = await makeLocation(db(), { structural: true });
    const r = await receive({ barcode: "anything", purchase_order: 99999, location: 99999, line_item: 99999, supplier: 99999 });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      supplier: ['Invalid pk "99999" - object does not exist.'],
      purchase_order: ['Invalid pk "99999" - object does not exist.'],
      location: ['Invalid pk "99999" - object does not exist.'],
      line_item: ['Invalid pk "99999" - object does not exist.'],
    });
    const r2 = await receive({ barcode: "anything", purchase_order: pending, location: structural });
    expect(r2.body).toEqual({ purchase_order: ["Purchase order has not been placed"], location: ["Cannot select a structural location"] });
  });

  test("a barcode no plugin decodes: InvenTree's 'No plugin match for supplier barcode', plugin null", async () => {
    const r = await receive({ barcode: "nothing-decodes-this" });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("No plugin match for supplier barcode");
    expect(r.body.plugin).toBeNull();
    expect(r.body.barcode_data).toBe("nothing-decodes-this");
    expect(r.body.barcode_hash).toMatch(/^[0-9a-f]{32}$/);
  });

  test("a native stock-item barcode has already been received", async () => {
    const item = (await db().q.select().from(T.stockItems))[0];
    const r = await receive({ barcode: JSON.stringify({ stockitem: item?.id }) });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("Item has already been received");
    expect(r.body.barcode_data).toBe(JSON.stringify({ stockitem: item?.id }));
  });
});

describe("po-receive: the demo's DigiKey order PO-0001", () => {
  const po = async () => (await db().q.select().from(T.purchaseOrders).where(eq(T.purchaseOrders.reference, "PO-0001")))[0];
  const spBySku = async (sku: string) => (await db().q.select().from(T.supplierParts).where(eq(T.supplierParts.SKU, sku)))[0];
  const lineOf = async (sku: string) => (await db().q.select().from(T.purchaseOrderLines).where(and(eq(T.purchaseOrderLines.order, (await po())?.id ?? 0), eq(T.purchaseOrderLines.part, (await spBySku(sku))?.id ?? 0))))[0];
  // BME280 from DigiKey: 25 ordered, none received. The label spells the supplier "Digi-Key".
  const BME280 = { supplier: "Digi-Key", sku: "828-1063-1-ND", mpn: "BME280", quantity: 10, purchase_order: "DK-88412907", lot: "L2409-7" };

  test("a label with quantity and the order's supplier reference is received into an explicit location", async () => {
    const shelf = await makeLocation(db(), { name: "Scan shelf" });
    const before = await lineOf(BME280.sku);
    const r = await receive({ barcode: label(BME280), location: shelf });
    expect(r.status).toBe(200);
    expect(r.body.success).toBe("Received purchase order line item");
    expect(r.body.plugin).toBe("Supplier label (test)");
    expect(r.body.lineitem).toEqual({ pk: before?.id, quantity: 10, supplier_part: (await spBySku(BME280.sku))?.id, purchase_order: (await po())?.id, location: shelf });
    const item = await stockRow(r.body.stockitem.pk);
    expect(item).toMatchObject({ quantity: 10, location: shelf, supplier_part: (await spBySku(BME280.sku))?.id, purchase_order: (await po())?.id, batch: "L2409-7" });
    expect(r.body.stockitem.api_url).toBe(`/api/stock/${item?.id}/`);
    expect((await lineOf(BME280.sku))?.received).toBe((before?.received ?? 0) + 10);

    // The stock tracking entry names the user and the plugin that decoded the label.
    const track = await trackingOf(t, item?.id ?? 0);
    expect(track).toHaveLength(1);
    expect(track[0]).toMatchObject({ tracking_type: 70, user: t.users.staff, plugin: "supplier-label" });
    expect(track[0].deltas).toMatchObject({ quantity: 10, location: shelf, purchaseorder: (await po())?.id });

    // The label is now the stock item's barcode: scanning it again does not receive twice.
    const again = await receive({ barcode: label(BME280), location: shelf });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("Item has already been received");
    expect((await lineOf(BME280.sku))?.received).toBe((before?.received ?? 0) + 10);
  });

  test("without a location the line's destination is used, before the order's", async () => {
    const bay = await makeLocation(db(), { name: "STM32 bay" });
    const stm = await lineOf("497-6063-ND");
    await db().write((tx) => tx.q.update(T.purchaseOrderLines).set({ destination: bay }).where(eq(T.purchaseOrderLines.id, stm?.id ?? 0)));
    const r = await receive({ barcode: label({ supplier: "DigiKey", sku: "497-6063-ND", quantity: 5, purchase_order: "PO-0001", lot: "a" }) });
    expect(r.status).toBe(200);
    expect(r.body.lineitem.location).toBe(bay);
    expect((await stockRow(r.body.stockitem.pk))?.location).toBe(bay);
    expect((await lineOf("497-6063-ND"))?.received).toBe((stm?.received ?? 0) + 5);
  });

  test("with the order named in the request, its destination comes first (InvenTree's order of defaults)", async () => {
    const r = await receive({ barcode: label({ supplier: "DigiKey", sku: "497-6063-ND", quantity: 1, lot: "b" }), purchase_order: (await po())?.id });
    expect(r.status).toBe(200);
    expect(r.body.lineitem.location).toBe((await po())?.destination ?? -1);
  });

  test("an order of another supplier named in the request: 'Purchase order does not match supplier'", async () => {
    const other = await placedLine();
    const n = await stockCount();
    const r = await receive({ barcode: label({ supplier: "DigiKey", sku: "828-1063-1-ND", quantity: 1, lot: "c" }), purchase_order: other.order });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("Purchase order does not match supplier");
    expect(r.body.plugin).toBe("Supplier label (test)");
    expect(await stockCount()).toBe(n);
  });

  test("a fully received line has no pending line item", async () => {
    // R-0603-10K: 5000 ordered, 5000 received in the demo.
    const r = await receive({ barcode: label({ supplier: "DigiKey", sku: "311-10.0KCRCT-ND", quantity: 100, purchase_order: "DK-88412907" }) });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("Failed to find pending line item for supplier part");
    const explicit = await receive({ barcode: label({ supplier: "DigiKey", sku: "311-10.0KCRCT-ND", quantity: 100 }), line_item: (await lineOf("311-10.0KCRCT-ND"))?.id });
    expect(explicit.body.error).toBe("Line item is already completed");
  });
});

describe("po-receive: matching and InvenTree's answers", () => {
  test("no location anywhere: 200 with action_required and the line, nothing received", async () => {
    const p = await placedLine({ quantity: 7 });
    const n = await stockCount();
    const r = await receive({ barcode: label({ sku: p.sku, quantity: 3, purchase_order: p.reference }) });
    expect(r.status).toBe(200);
    expect(r.body.action_required).toBe("Further information required to receive line item");
    expect(r.body.success).toBeUndefined();
    expect(r.body.lineitem).toEqual({ pk: p.line, quantity: 3, supplier_part: p.supplierPart, purchase_order: p.order, location: null });
    expect(await stockCount()).toBe(n);
    expect((await line(p.line))?.received).toBe(0);
  });

  test("the part's default location (or its category's) is the last default", async () => {
    const p = await placedLine();
    const loc = await makeLocation(db());
    const category = (await db().write((tx) => tx.q.insert(T.partCategories).values({ name: "Scanned", default_location: loc }).returning()))[0].id;
    await db().write((tx) => tx.q.update(T.parts).set({ category }).where(eq(T.parts.id, p.part)));
    const r = await receive({ barcode: label({ sku: p.sku, quantity: 2 }) });
    expect(r.status).toBe(200);
    expect((await stockRow(r.body.stockitem.pk))?.location).toBe(loc);
  });

  test("a label without quantity, or auto_allocate false: action_required with the remaining quantity", async () => {
    const p = await placedLine({ quantity: 8, destination: await makeLocation(db()) });
    const r = await receive({ barcode: label({ sku: p.sku }) });
    expect(r.status).toBe(200);
    expect(r.body.action_required).toBe("Further information required to receive line item");
    expect(r.body.lineitem.quantity).toBe(8);
    const r2 = await receive({ barcode: label({ sku: p.sku, quantity: 2 }), auto_allocate: false });
    expect(r2.body.action_required).toBeDefined();
    expect(r2.body.lineitem.quantity).toBe(2);
    expect((await line(p.line))?.received).toBe(0);
  });

  test("over-receipt is accepted as InvenTree does; the line is then complete", async () => {
    const p = await placedLine({ quantity: 5, destination: await makeLocation(db()) });
    // Another open line keeps the order PLACED (the last receipt would complete it).
    await makePurchaseLine(db(), { order: p.order, part: await makeSupplierPart(db(), { part: p.part, supplier: p.supplier }), quantity: 1 });
    const r = await receive({ barcode: label({ sku: p.sku, quantity: 8, lot: "1" }) });
    expect(r.status).toBe(200);
    expect((await line(p.line))?.received).toBe(8);
    const next = await receive({ barcode: label({ sku: p.sku, quantity: 1, lot: "2" }) });
    expect(next.status).toBe(400);
    expect(next.body.error).toBe("Failed to find pending line item for supplier part");
  });

  test("an unknown supplier part: InvenTree's no-match error, nothing written", async () => {
    const n = await stockCount();
    const r = await receive({ barcode: label({ supplier: "DigiKey", sku: "NO-SUCH-SKU", mpn: "NO-SUCH-MPN", quantity: 1 }) });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("No plugin match for supplier barcode");
    expect(r.body.supplier).toMatchObject({ sku: "NO-SUCH-SKU" });
    expect(await stockCount()).toBe(n);
  });

  test("an SKU two suppliers share, with no supplier on the label, is ambiguous; the supplier name settles it", async () => {
    const a = await placedLine({ supplierName: "Alpha Parts Ltd", destination: await makeLocation(db()) });
    const b = await makeCompany(db(), { name: "Beta Components", is_supplier: true });
    await makeSupplierPart(db(), { part: a.part, supplier: b, SKU: a.sku });
    const r = await receive({ barcode: label({ sku: a.sku, quantity: 1 }) });
    expect(r.body.error).toBe("Found multiple matching supplier parts for barcode");
    const named = await receive({ barcode: label({ supplier: "ALPHA-parts", sku: a.sku, quantity: 1 }) });
    expect(named.status).toBe(200);
    expect(named.body.lineitem.supplier_part).toBe(a.supplierPart);
  });

  test("by MPN when the SKU is absent; a plugin's supplier_part pk is checked against the label", async () => {
    const p = await placedLine({ destination: await makeLocation(db()) });
    const byMpn = await receive({ barcode: label({ mpn: `mpn-${p.sku}`.toUpperCase(), quantity: 1, lot: "m" }) });
    expect(byMpn.status).toBe(200);
    expect(byMpn.body.lineitem.supplier_part).toBe(p.supplierPart);
    // A pk whose SKU is not the label's is ignored; the SKU decides.
    const wrong = await placedLine();
    const hinted = await receive({ barcode: label({ sku: p.sku, supplier_part: wrong.supplierPart, quantity: 1, lot: "h" }) });
    expect(hinted.status).toBe(200);
    expect(hinted.body.lineitem.supplier_part).toBe(p.supplierPart);
  });

  test("the label's order number picks the order; an unknown number with no pending line anywhere is InvenTree's error", async () => {
    const p = await placedLine({ destination: await makeLocation(db()) });
    // A second placed order of the same supplier part: only the printed number tells them apart.
    const second = await makePurchaseOrder(db(), { supplier: p.supplier, reference: uniqueRef(), status: s.PO_STATUS.PLACED, supplier_reference: "SUP-REF-42", destination: await makeLocation(db()) });
    const secondLine = await makePurchaseLine(db(), { order: second, part: p.supplierPart, quantity: 4 });
    const ambiguous = await receive({ barcode: label({ sku: p.sku, quantity: 1, purchase_order: "nothing-like-it" }) });
    expect(ambiguous.body.error).toBe("Found multiple purchase orders matching 'nothing-like-it'");
    const r = await receive({ barcode: label({ sku: p.sku, quantity: 4, purchase_order: "sup-ref-42" }) });
    expect(r.status).toBe(200);
    expect(r.body.lineitem).toMatchObject({ pk: secondLine, purchase_order: second });
    // A part on no placed order at all (its order is still pending).
    const unplaced = await placedLine({ quantity: 1 });
    await db().write((tx) => tx.q.update(T.purchaseOrders).set({ status: s.PO_STATUS.PENDING }).where(eq(T.purchaseOrders.id, unplaced.order)));
    const none = await receive({ barcode: label({ sku: unplaced.sku, quantity: 1, purchase_order: "PO-NOPE" }) });
    expect(none.body.error).toBe("No matching purchase order for 'PO-NOPE'");
  });

  test("several pending lines: the one ordering the label's quantity; a plugin's line pk wins when valid", async () => {
    const p = await placedLine({ quantity: 5, destination: await makeLocation(db()) });
    const ten = await makePurchaseLine(db(), { order: p.order, part: p.supplierPart, quantity: 10 });
    const r = await receive({ barcode: label({ sku: p.sku, quantity: 10, lot: "q" }) });
    expect(r.body.lineitem.pk).toBe(ten);
    const hinted = await receive({ barcode: label({ sku: p.sku, quantity: 1, lot: "r", purchase_order_line: p.line }) });
    expect(hinted.body.lineitem.pk).toBe(p.line);
  });

  // SQLite only: the failure is injected by a SQLite trigger (failOn) on the raw connection.
  sqliteOnly("a failure while writing rolls back the stock item and its tracking entry", async () => {
    const p = await placedLine({ destination: await makeLocation(db()) });
    const before = { stock: await stockCount(), tracking: (await db().q.select().from(T.stockTracking)).length };
    const restore = failOn(t.services.sqlite, "fail_po_line", "UPDATE", "purchase_order_line", `NEW.id = ${p.line}`);
    try {
      const r = await receive({ barcode: label({ sku: p.sku, quantity: 2, lot: "x" }) });
      expect(r.status).toBe(500);
    } finally {
      restore();
    }
    expect(await stockCount()).toBe(before.stock);
    expect((await db().q.select().from(T.stockTracking)).length).toBe(before.tracking);
    expect(await stockOfPart(db(), p.part)).toHaveLength(0);
    expect((await line(p.line))?.received).toBe(0);
  });
});

describe("scan history", () => {
  test("with BARCODE_STORE_RESULTS on, both endpoints record the scan, its context and result", async () => {
    expect((await t.call("PATCH", "/api/settings/global/BARCODE_STORE_RESULTS/", { value: true })).status).toBe(200);
    try {
      const p = await placedLine({ destination: await makeLocation(db()) });
      const barcode = label({ sku: p.sku, quantity: 1, lot: "hist" });
      expect((await receive({ barcode })).status).toBe(200);
      expect((await allocate({ barcode: "no-such-thing", sales_order: 999999 })).status).toBe(400);
      const history = (await t.call("GET", "/api/barcode/history/?limit=2")).body.results as { data: string; endpoint: string; result: boolean; context: Record<string, string> }[];
      expect(history.map((h) => [h.endpoint, h.result])).toEqual([
        [SO_ALLOCATE, false],
        [PO_RECEIVE, true],
      ]);
      expect(history[1].data).toBe(barcode);
      expect(history[0].context).toEqual({ sales_order: "999999" });
    } finally {
      await t.call("PATCH", "/api/settings/global/BARCODE_STORE_RESULTS/", { value: false });
    }
  });
});

describe("so-allocate", () => {
  async function salesSetup(opts: { quantity?: number; lineQuantity?: number; shipment?: boolean; serial?: string } = {}) {
    const customer = await makeCompany(db(), { is_customer: true, is_supplier: false });
    const part = await makePart(db(), { salable: true });
    const location = await makeLocation(db());
    const item = await makeStockItem(db(), { part, location, quantity: opts.quantity ?? 100, serial: opts.serial ?? null });
    const order = await makeSalesOrder(db(), { customer });
    const lineId = await makeSalesLine(db(), { order, part, quantity: opts.lineQuantity ?? 10 });
    const shipment = opts.shipment === false ? null : await makeShipment(db(), { order });
    return { customer, part, location, item, order, line: lineId, shipment, barcode: JSON.stringify({ stockitem: item }) };
  }
  const allocations = (order: number) => t.call("GET", `/api/order/so-allocation/?order=${order}`).then((r) => r.body as { item: number; quantity: number; shipment: number | null }[]);

  test("staff only: 401 without credentials, 403 for read-only users", async () => {
    const x = await salesSetup();
    await expectStaffOnly(t, "POST", SO_ALLOCATE, { barcode: x.barcode, sales_order: x.order });
    expect(await allocations(x.order)).toHaveLength(0);
  });

  test("no data: blank barcode and missing sales order named together; unknown and closed orders", async () => {
    expect((await allocate({ barcode: "" })).body).toEqual({ barcode: ["This field may not be blank."], sales_order: ["This field is required."] });
    expect((await allocate({ barcode: "x", sales_order: 999999 })).body).toEqual({ sales_order: ['Invalid pk "999999" - object does not exist.'] });
    const x = await salesSetup();
    await db().write((tx) => tx.q.update(T.salesOrders).set({ status: s.SO_STATUS.COMPLETE }).where(eq(T.salesOrders.id, x.order)));
    expect((await allocate({ barcode: x.barcode, sales_order: x.order })).body).toEqual({ sales_order: ["Sales order is not open"] });
    expect((await allocate({ barcode: x.barcode, sales_order: x.order, quantity: "many" })).body.quantity).toEqual(["A valid integer is required."]);
  });

  test("a native stock-item barcode is allocated to the order's line for its part, into the only shipment", async () => {
    const x = await salesSetup();
    const r = await allocate({ barcode: x.barcode, sales_order: x.order });
    expect(r.status).toBe(200);
    expect(r.body.success).toBe("Stock item allocated to sales order");
    expect(r.body).toMatchObject({ stock_item: x.item, part: x.part, sales_order: x.order, line_item: x.line, shipment: x.shipment, quantity: 10, plugin: "InvenTreeBarcode" });
    expect(r.body.stockitem.pk).toBe(x.item);
    expect(await allocations(x.order)).toMatchObject([{ item: x.item, quantity: 10, shipment: x.shipment }]);
  });

  test("a shipment of another order: 'Shipment does not match sales order', nothing allocated", async () => {
    const x = await salesSetup();
    const other = await salesSetup();
    const r = await allocate({ barcode: x.barcode, sales_order: x.order, shipment: other.shipment });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("Shipment does not match sales order");
    expect(await allocations(x.order)).toHaveLength(0);
  });

  test("part mismatch: no line for the item's part, or a named line of another part", async () => {
    const x = await salesSetup();
    const stranger = await makeStockItem(db(), { part: await makePart(db(), { salable: true }), quantity: 5 });
    const r = await allocate({ barcode: JSON.stringify({ stockitem: stranger }), sales_order: x.order });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("No matching line item found");
    expect(r.body.stockitem.pk).toBe(stranger);
    const named = await allocate({ barcode: JSON.stringify({ stockitem: stranger }), sales_order: x.order, line: x.line });
    expect(named.body.error).toBe("Stock item does not match line item");
    expect(await allocations(x.order)).toHaveLength(0);
  });

  test("over-allocation: more than the item's unallocated quantity is 'Insufficient stock available'", async () => {
    const x = await salesSetup({ quantity: 6, lineQuantity: 20 });
    const r = await allocate({ barcode: x.barcode, sales_order: x.order, quantity: 7 });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("Insufficient stock available");
    expect(r.body.quantity).toBe(7);
    // Without a quantity: min(line outstanding, unallocated) = 6; then nothing is left.
    const ok = await allocate({ barcode: x.barcode, sales_order: x.order });
    expect(ok.body.quantity).toBe(6);
    const again = await allocate({ barcode: x.barcode, sales_order: x.order });
    expect(again.body.error).toBe("Insufficient stock available");
    expect(await allocations(x.order)).toHaveLength(1);
  });

  test("a third-party barcode linked to the stock item allocates it too", async () => {
    const x = await salesSetup({ quantity: 3 });
    expect((await t.call("POST", "/api/barcode/link/", { barcode: `VENDOR-REEL-${x.item}`, stockitem: x.item })).status).toBe(200);
    const r = await allocate({ barcode: `VENDOR-REEL-${x.item}`, sales_order: x.order });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ stock_item: x.item, quantity: 3, success: "Stock item allocated to sales order" });
  });

  test("a serialized item is always allocated one at a time", async () => {
    const x = await salesSetup({ quantity: 1, serial: "SN-77" });
    const r = await allocate({ barcode: x.barcode, sales_order: x.order, quantity: 5 });
    expect(r.status).toBe(200);
    expect(r.body.quantity).toBe(1);
    expect(await allocations(x.order)).toMatchObject([{ item: x.item, quantity: 1 }]);
  });

  test("without a shipment to choose, 200 without allocating, action_required for the app's form", async () => {
    const x = await salesSetup({ shipment: false });
    const r = await allocate({ barcode: x.barcode, sales_order: x.order });
    expect(r.status).toBe(200);
    expect(r.body.success).toBeUndefined();
    expect(r.body.action_required).toBe(true);
    expect(r.body.shipment).toBeNull();
    expect(await allocations(x.order)).toHaveLength(0);
  });

  test("a part barcode is not a stock item: InvenTree's error, with the line and the stock to pick from", async () => {
    const x = await salesSetup();
    const r = await allocate({ barcode: JSON.stringify({ part: x.part }), sales_order: x.order });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("Barcode does not match an existing stock item");
    expect(r.body.action_required).toBe(true);
    expect(r.body.part).toBe(x.part);
    expect(r.body.line_item).toBe(x.line);
    expect(r.body.candidates).toEqual([{ pk: x.item, quantity: 100, unallocated_quantity: 100, location: x.location, serial: null, batch: "" }]);
  });

  test("a barcode nothing matches: 'No matching plugin found for barcode data'", async () => {
    const x = await salesSetup();
    const r = await allocate({ barcode: "123456789", sales_order: x.order });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("No matching plugin found for barcode data");
    expect(r.body.plugin).toBeNull();
  });
});

describe("po-receive with the shipped ECIA DataMatrix plugin (real DigiKey label layout)", () => {
  let e: TestApp;
  const GS = "\x1d";
  const RS = "\x1e";
  // DigiKey label of the demo's TPS563200 line on PO-0001: 1K is the supplier's order number (its supplier_reference).
  const TPS = `[)>${RS}06${GS}P296-44516-1-ND${GS}1PTPS563200DDCR${GS}K${GS}1KDK-88412907${GS}10K85781337${GS}11K1${GS}4LPH${GS}Q20${GS}11ZPICK`;
  beforeAll(async () => {
    e = await makeTestApp({ demo: true, pluginsDir: pluginsDir({ examples: ["ecia-datamatrix"] }) });
  });
  afterAll(() => e.close());

  test("the label is received against PO-0001 into the order's destination, attributed to the plugin", async () => {
    const edb = e.services.database;
    const po = (await edb.q.select().from(T.purchaseOrders).where(eq(T.purchaseOrders.reference, "PO-0001")))[0];
    const sp = (await edb.q.select().from(T.supplierParts).where(eq(T.supplierParts.SKU, "296-44516-1-ND")))[0];
    const r = await e.call("POST", PO_RECEIVE, { barcode: TPS }, "staff");
    expect(r.status).toBe(200);
    expect(r.body.success).toBe("Received purchase order line item");
    expect(r.body.lineitem).toMatchObject({ quantity: 20, supplier_part: sp?.id, purchase_order: po?.id, location: po?.destination });
    const item = (await e.services.database.q.select().from(T.stockItems).where(eq(T.stockItems.id, r.body.stockitem.pk)))[0];
    expect(item).toMatchObject({ quantity: 20, supplier_part: sp?.id, location: po?.destination });
    const track = await e.call("GET", `/api/stock/track/?item=${item?.id}`);
    expect(track.body[0]).toMatchObject({ tracking_type: 70, user: e.users.staff, plugin: "ecia-datamatrix" });
    expect((await e.call("POST", PO_RECEIVE, { barcode: TPS }, "staff")).body.error).toBe("Item has already been received");
  });
});
