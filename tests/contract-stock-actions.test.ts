/**
 * Stock actions as the clients drive them: the app's count / add / remove / transfer forms
 * (inventree-app lib/widget/stock/stock_detail.dart) and its adjustStock (lib/inventree/stock.dart:
 * 498-580), the scan flows of lib/barcode/stock.dart (scan a location to move an item into it,
 * scan items into a location, scan a parent location), linking a barcode (lib/barcode/barcode.dart:
 * 415-460, lib/api.dart:1161-1192), and inventree-python's adjustments and assignStock
 * (inventree/stock.py:88-262). Bodies are sent exactly as the clients build them; the app sends
 * numbers as strings, so those requests need DRF input coercion (h-core): without it they are skipped.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import * as T from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { coercionAvailable } from "./support/coercion.ts";
import { makeCompany, makeLocation, makePart, makeStockItem } from "./support/factory.ts";

let t: TestApp;
const t0 = await makeTestApp();
const coercion = await coercionAvailable(t0);
await t0.close();

beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const db = () => t.services.database;
const row = async (pk: number) => (await db().q.select().from(T.stockItems).where(eq(T.stockItems.id, pk)))[0];
const tracking = async (pk: number) => await db().q.select().from(T.stockTracking).where(eq(T.stockTracking.item, pk));

async function setup(quantity = 250) {
  const part = await makePart(db(), { name: `Bolt ${Math.random()}`, salable: true });
  const from = await makeLocation(db(), { name: "From", pathstring: "From" });
  const to = await makeLocation(db(), { name: "To", pathstring: "To" });
  const item = await makeStockItem(db(), { part, location: from, quantity });
  return { part, from, to, item };
}

/** The app's scan (lib/barcode/handler.dart:76-80): POST barcode/ {"barcode": …}; `success` → onBarcodeMatched (:111). */
async function scan(barcode: string) {
  const r = await t.call("POST", "/api/barcode/", { barcode }, "staff");
  return r;
}

describe("python: adjustments as inventree/stock.py sends them (JSON numbers)", () => {
  test("countStock / addStock / removeStock: {items: [{pk, quantity}], notes} (stock.py:173-214, :104-112)", async () => {
    const { item } = await setup(100);
    expect((await t.call("POST", "/api/stock/count/", { items: [{ pk: item, quantity: 90 }], notes: "stocktake" }, "staff")).status).toBe(201);
    expect((await t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: 15 }] }, "staff")).status).toBe(201);
    expect((await t.call("POST", "/api/stock/remove/", { items: [{ pk: item, quantity: 5 }] }, "staff")).status).toBe(201);
    expect((await row(item))?.quantity).toBe(100);
    expect((await tracking(item)).map((e) => e.tracking_type)).toEqual([10, 11, 12]);
  });

  test("transferStock(location, quantity): {items, location} splits a partial transfer (stock.py:148-158, :215-240)", async () => {
    const { item, to } = await setup(100);
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: item, quantity: 40 }], location: to }, "staff");
    expect(r.status).toBe(201);
    expect((await row(item))?.quantity).toBe(60);
    expect((await db().q.select().from(T.stockItems).where(eq(T.stockItems.location, to))).map((i) => i.quantity)).toEqual([40]);
  });

  test("assignStock(customer): POST stock/assign/ {items: [{item}], customer, notes} (stock.py:161-171, :242-262)", async () => {
    const { item } = await setup(7);
    const customer = await makeCompany(db(), { name: "Customer", is_customer: true });
    const r = await t.call("POST", "/api/stock/assign/", { items: [{ item }], customer, notes: "sold at the counter" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ items: [{ item }], customer, notes: "sold at the counter" });
    const after = await row(item);
    expect(after?.customer).toBe(customer);
    expect(after?.location).toBeNull();
    const entry = (await tracking(item)).at(-1);
    expect(entry?.tracking_type).toBe(100); // SENT_TO_CUSTOMER
    expect(entry?.deltas).toEqual({ customer, customer_name: "Customer" });
    expect(entry?.notes).toBe("sold at the counter");
    const detail = (await t.call("GET", `/api/stock/${item}/`, undefined, "readonly")).body;
    expect(detail.in_stock).toBe(false);
    expect(detail.customer).toBe(customer);
  });

  test("assign is all or nothing, with InvenTree's messages per line", async () => {
    const ok = (await setup(3)).item;
    const unsalable = await makeStockItem(db(), { part: await makePart(db(), { salable: false }), quantity: 1 });
    const customer = await makeCompany(db(), { is_customer: true });
    const supplierOnly = await makeCompany(db(), { is_customer: false, is_supplier: true });
    const r = await t.call("POST", "/api/stock/assign/", { items: [{ item: ok }, { item: unsalable }, { item: 999999 }], customer }, "staff");
    expect(r.status).toBe(400);
    expect(r.body.items).toEqual([{}, { item: ["Part must be salable"] }, { item: ['Invalid pk "999999" - object does not exist.'] }]);
    expect((await row(ok))?.customer).toBeNull();
    const wrong = await t.call("POST", "/api/stock/assign/", { items: [{ item: ok }], customer: supplierOnly }, "staff");
    expect(wrong.body.customer).toEqual(["Selected company is not a customer"]);
    const empty = await t.call("POST", "/api/stock/assign/", { items: [], customer }, "staff");
    expect(empty.body.non_field_errors).toEqual(["A list of stock items must be provided"]);
    expect((await t.call("POST", "/api/stock/assign/", { items: [{ item: ok }], customer }, "readonly")).status).toBe(403);
    // Already with a customer: no longer in stock
    await t.call("POST", "/api/stock/assign/", { items: [{ item: ok }], customer }, "staff");
    const again = await t.call("POST", "/api/stock/assign/", { items: [{ item: ok }], customer }, "staff");
    expect(again.body.items).toEqual([{ item: ["Item must be in stock"] }]);
  });
});

describe.skipIf(!coercion)("app: the stock forms and adjustStock (numbers as strings)", () => {
  test(`count form: {items: [{pk: <int>, quantity: "<text>"}], notes} (stock_detail.dart:428-455, api_form.dart:1497-1519)`, async () => {
    const { item } = await setup(250);
    const r = await t.call("POST", "/api/stock/count/", { items: [{ pk: item, quantity: "240" }], notes: "" }, "staff");
    expect(r.status).toBe(201); // stock.dart:537-538 accepts 200 or 201
    expect((await row(item))?.quantity).toBe(240);
  });

  test("add / remove forms (stock_detail.dart:367-425)", async () => {
    const { item } = await setup(250);
    expect((await t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: "10" }], notes: "" }, "staff")).status).toBe(201);
    expect((await t.call("POST", "/api/stock/remove/", { items: [{ pk: item, quantity: "2.5" }], notes: "" }, "staff")).status).toBe(201);
    expect((await row(item))?.quantity).toBe(257.5);
  });

  test("transfer form: transferFields with status and packaging (stock.dart:154-177)", async () => {
    const { item, to } = await setup(250);
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: item, quantity: "250", status: 10, packaging: "bag" }], location: to, notes: "" }, "staff");
    expect(r.status).toBe(201);
    expect((await row(item))?.location).toBe(to);
    expect((await row(item))?.packaging).toBe("bag");
  });

  test("scan a location to move the item into it: barcode/ then stock/transfer/ as adjustStock builds it (barcode/stock.dart:95-140, stock.dart:498-540)", async () => {
    const { item, to } = await setup(250);
    const found = await scan(JSON.stringify({ stocklocation: to }));
    expect(found.status).toBe(200);
    expect(found.body).toHaveProperty("success"); // handler.dart:111
    // barcode/stock.dart:33 `(data["stocklocation"]?["pk"] ?? -1) as int`
    expect(found.body.stocklocation.pk).toBe(to);
    // item.transferStock(locationId): the whole quantity, pk and quantity as strings, location an int
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: `${item}`, quantity: "250.0" }], notes: "", location: to }, "staff");
    expect(r.status).toBe(201);
    expect((await row(item))?.location).toBe(to);
    expect((await row(item))?.quantity).toBe(250);
  });

  test("scan items into a location: barcode/ → stockitem, GET stock/<pk>/, then transfer (barcode/stock.dart:150-210)", async () => {
    const { item, to } = await setup(12);
    const found = await scan(JSON.stringify({ stockitem: item }));
    expect(found.status).toBe(200);
    // barcode/stock.dart:76 `(data["stockitem"]?["pk"] ?? -1) as int`
    expect(found.body.stockitem.pk).toBe(item);
    const got = await t.call("GET", `/api/stock/${item}/?part_detail=true&location_detail=true&supplier_detail=true&supplier_part_detail=true&cascade=false`, undefined, "staff");
    expect(got.body.location).not.toBe(to); // barcode/stock.dart:171 compares locationId
    const r = await t.call("POST", "/api/stock/transfer/", { items: [{ pk: `${item}`, quantity: "12.0" }], notes: "", location: to }, "staff");
    expect(r.status).toBe(201);
    expect((await row(item))?.location).toBe(to);
  });

  test(`scan a parent location: PATCH stock/location/<pk>/ {parent: "<pk>"}; 400 for an invalid parent (barcode/stock.dart:225-255)`, async () => {
    const parent = await makeLocation(db(), { name: "Parent", pathstring: "Parent" });
    const child = await makeLocation(db(), { name: "Child", pathstring: "Child" });
    const found = await scan(JSON.stringify({ stocklocation: parent }));
    expect(found.body.stocklocation.pk).toBe(parent);
    const r = await t.call("PATCH", `/api/stock/location/${child}/`, { parent: `${parent}` }, "staff");
    expect(r.status).toBe(200);
    expect(r.body.pathstring).toBe("Parent/Child");
    const loop = await t.call("PATCH", `/api/stock/location/${parent}/`, { parent: `${child}` }, "staff");
    expect(loop.status).toBe(400);
  });
});

describe("app: scanning an unknown barcode and linking it (barcode/barcode.dart:363-460)", () => {
  test("unknown barcode: 400 with error, barcode_data and barcode_hash (handler.dart:113-114, barcode.dart:384-389)", async () => {
    const r = await scan("VENDOR-LABEL-0001");
    expect(r.status).toBe(400);
    expect(typeof r.body.error).toBe("string"); // handler.dart:40 `as String`
    expect(r.body.barcode_data).toBe("VENDOR-LABEL-0001"); // barcode.dart:389 `as String`
    expect(typeof r.body.barcode_hash).toBe("string"); // barcode.dart:384
  });

  test.skipIf(!coercion)(`link then unlink: {stockitem: "<pk>", barcode} and {stockitem: "<pk>"} answer 200 (api.dart:1161-1192)`, async () => {
    const { item } = await setup(1);
    const link = await t.call("POST", "/api/barcode/link/", { stockitem: `${item}`, barcode: "VENDOR-LABEL-0002" }, "staff");
    expect(link.status).toBe(200);
    const found = await scan("VENDOR-LABEL-0002");
    expect(found.status).toBe(200);
    expect(found.body.stockitem.pk).toBe(item);
    // model.dart:402-403: the item's barcode_hash now set, so the app offers "unlink"
    const detail = await t.call("GET", `/api/stock/${item}/`, undefined, "readonly");
    expect(detail.body.barcode_hash).not.toBe("");
    const unlink = await t.call("POST", "/api/barcode/unlink/", { stockitem: `${item}` }, "staff");
    expect(unlink.status).toBe(200);
    expect((await scan("VENDOR-LABEL-0002")).status).toBe(400);
  });

  test("python: assignBarcode / unassignBarcode post {barcode, <model_type>: pk} and {<model_type>: pk} (base.py:778-815)", async () => {
    const location = await makeLocation(db(), { name: "Bin 7", pathstring: "Bin 7" });
    const link = await t.call("POST", "/api/barcode/link/", { barcode: "BIN-7-LABEL", stocklocation: location }, "staff");
    expect(link.status).toBe(200);
    // StockLocation.reload() (base.py:796) then sees the hash
    expect((await t.call("GET", `/api/stock/location/${location}/`, undefined, "staff")).body.barcode_hash).not.toBe("");
    expect((await scan("BIN-7-LABEL")).body.stocklocation.pk).toBe(location);
    expect((await t.call("POST", "/api/barcode/unlink/", { stocklocation: location }, "staff")).status).toBe(200);
    expect((await t.call("GET", `/api/stock/location/${location}/`, undefined, "staff")).body.barcode_hash).toBe("");
  });

  test("scan → part and → supplier part carry `pk` as int (barcode.dart:281-290)", async () => {
    const part = await makePart(db(), { name: "Scanned part" });
    const r = await scan(JSON.stringify({ part }));
    expect(r.status).toBe(200);
    expect(r.body.part.pk).toBe(part);
    const supplier = await makeCompany(db(), { is_supplier: true });
    const sp = (await db().write((tx) => tx.q.insert(T.supplierParts).values({ part, supplier, SKU: "SCAN-SP" }).returning()))[0].id;
    const r2 = await scan(JSON.stringify({ supplierpart: sp }));
    expect(r2.status).toBe(200);
    expect(r2.body.supplierpart.pk).toBe(sp);
  });
});
