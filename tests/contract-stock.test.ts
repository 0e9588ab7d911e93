/**
 * Stock items, parts, categories and locations as the InvenTree mobile app (inventree-app
 * 06013b3a) and inventree-python (d905764) request and read them. Each request is the one the
 * client makes; each assertion names the line that reads the field and the JSON type its cast needs.
 * Images (`image`, `thumbnail`) are h-media's and not asserted here.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as T from "../server/db/tables.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { expectFields } from "./support/client-types.ts";
import { makeCategory, makeCompany, makeLocation, makePart, makePurchaseOrder, makeSalesOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";
import { makePurchaseLine, makeSalesLine } from "./support/factory-order.ts";

let t: TestApp;
const d: Record<string, number> = {};

beforeAll(async () => {
  t = await makeTestApp();
  const db = t.services.database;
  d.top = await makeCategory(db, { name: "Electronics", pathstring: "Electronics" });
  d.category = await makeCategory(db, { name: "Resistors", parent: d.top, pathstring: "Electronics/Resistors", description: "Fixed resistors" });
  d.store = await makeLocation(db, { name: "Store", pathstring: "Store" });
  d.shelf = await makeLocation(db, { name: "Shelf 1", parent: d.store, pathstring: "Store/Shelf 1", icon: "ti:box:outline" });
  d.part = await makePart(db, { name: "R 10k", IPN: "R-10K", revision: "B", units: "pcs", category: d.category, default_location: d.shelf, salable: true, trackable: false, testable: true });
  d.supplier = await makeCompany(db, { name: "Mouser", is_supplier: true });
  d.customer = await makeCompany(db, { name: "ACME", is_customer: true });
  d.sp = await makeSupplierPart(db, { part: d.part, supplier: d.supplier, SKU: "MOU-10K", pack_quantity: "100", pack_quantity_native: 100 });
  d.item = await makeStockItem(db, { part: d.part, location: d.shelf, quantity: 250, supplier_part: d.sp, batch: "B1", packaging: "reel" });
  d.expired = await makeStockItem(db, { part: d.part, location: d.shelf, quantity: 5, expiry_date: "2001-01-01" });
  // 2 packs of 100 on order (open PO), 30 allocated to an open sales order, 40 still required by it
  const po = await makePurchaseOrder(db, { supplier: d.supplier, status: 20 });
  await makePurchaseLine(db, { order: po, part: d.sp, quantity: 3, received: 1 });
  const so = await makeSalesOrder(db, { customer: d.customer, status: 15 });
  const line = await makeSalesLine(db, { order: so, part: d.part, quantity: 40 });
  await db.write((tx) => tx.q.insert(T.salesOrderAllocations).values({ line, item: d.item, quantity: 30 }));
  await t.call("POST", "/api/stock/add/", { items: [{ pk: d.item, quantity: 1 }] }, "staff");
  await t.call("POST", "/api/stock/remove/", { items: [{ pk: d.item, quantity: 1 }] }, "staff");
});
afterAll(() => t.close());

/** inventree-app lib/inventree/stock.dart:212-220 defaultFilters(), sent with every stock GET and list. */
const APP_STOCK_FILTERS = "part_detail=true&location_detail=true&supplier_detail=true&supplier_part_detail=true&cascade=false";

/** Every field the app reads on a stock item (stock.dart and model.dart) with the JSON type InvenTree gives it. */
const STOCK_ITEM_FIELDS = {
  pk: "int", // model.dart:328 getInt("pk")
  part: "int", // stock.dart:265 getInt("part")
  location: "int?", // stock.dart:437 getInt("location")
  quantity: "number", // stock.dart:414 getDouble("quantity")
  serial: "string?", // stock.dart:412 getString("serial")
  batch: "string", // stock.dart:263
  packaging: "string", // stock.dart:261, also sent back by transferFields (stock.dart:162)
  status: "int", // model.dart:337 getInt("status")
  status_custom_key: "int", // model.dart:339
  status_text: "string", // model.dart:351
  in_stock: "bool", // stock.dart:259 getBool("in_stock")
  purchase_price: "number?", // stock.dart:268 getString("purchase_price")
  purchase_price_currency: "string", // stock.dart:277
  purchase_order: "int?", // stock.dart:284
  tracking_items: "int", // stock.dart:286 getInt("tracking_items")
  is_building: "bool", // stock.dart:288
  sales_order: "int?", // stock.dart:290
  customer: "int?", // stock.dart:294
  stale: "bool", // stock.dart:298
  expired: "bool", // stock.dart:300
  expiry_date: "string?", // stock.dart:302 getDate → `as String` when not null (model.dart:176)
  creation_date: "string", // stock.dart:307
  updated: "string", // stock.dart:312
  stocktake_date: "string?", // stock.dart:316
  supplier_part: "int?", // stock.dart:389
  allocated: "number", // stock.dart:433 getDouble("allocated")
  notes: "string", // model.dart:355
  link: "string", // model.dart:360 `as String`
  barcode_hash: "string", // model.dart:403 `jsondata["barcode_hash"] as String`
} as const;

describe("stock item detail as the app loads it (StockDetailWidget)", () => {
  test("GET /api/stock/<pk>/ with the app's default filters: every field, details included", async () => {
    const r = await t.call("GET", `/api/stock/${d.item}/?${APP_STOCK_FILTERS}`, undefined, "readonly");
    expect(r.status).toBe(200);
    expectFields(r.body, STOCK_ITEM_FIELDS);
    expect(r.body.tracking_items).toBe(2); // add + remove (the factory writes no CREATED entry)
    expect(r.body.allocated).toBe(30);
    expect(r.body.packaging).toBe("reel");
    expect(r.body.is_building).toBe(false);
    // stock.dart:325 `jsondata["part_detail"]?["full_name"] as String`, :341 description, :408 units
    expectFields(r.body.part_detail, { full_name: "string", description: "string", units: "string", pk: "int", name: "string", IPN: "string", testable: "bool", trackable: "bool" });
    expect(r.body.part_detail.full_name).toBe("R-10K | R 10k | B");
    // stock.dart:456 getString("name", subKey: "location_detail"), :471 pathstring
    expectFields(r.body.location_detail, { pk: "int", name: "string", pathstring: "string" });
    expect(r.body.location_detail.pathstring).toBe("Store/Shelf 1");
    // stock.dart:394-396 supplier_part_detail?["supplier_detail"]?["image"]; :410 getString("SKU", subKey: "supplier_part_detail")
    expectFields(r.body.supplier_part_detail, { pk: "int", SKU: "string" });
    expect(r.body.supplier_part_detail.SKU).toBe("MOU-10K");
  });

  test("expired: in stock and past its expiry date (stock.dart:300)", async () => {
    const r = await t.call("GET", `/api/stock/${d.expired}/?${APP_STOCK_FILTERS}`, undefined, "readonly");
    expect(r.body.expired).toBe(true);
    expect(r.body.stale).toBe(false);
    expect(r.body.supplier_part_detail).toBeNull();
    expect((await t.call("GET", `/api/stock/${d.item}/`, undefined, "readonly")).body.expired).toBe(false);
  });

  test("GET /api/stock/test/?stock_item=<pk>&user_detail=true&template_detail=true (stock.dart:246-247, :30)", async () => {
    const r = await t.call("GET", `/api/stock/test/?stock_item=${d.item}&user_detail=true&template_detail=true`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
  });

  test("GET /api/stock/track/?item=<pk>&ordering=-date&user_detail=true (stock.dart:95)", async () => {
    const r = await t.call("GET", `/api/stock/track/?item=${d.item}&ordering=-date&user_detail=true&limit=25&offset=0`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(2); // model.dart:765 `(dataMap["count"] ?? 0) as int`
    // stock.dart:98 getDate("date"), :102 label, :105 getMap("deltas"), :120 `getValue("user") as int?`
    for (const e of r.body.results) expectFields(e, { date: "string", label: "string", deltas: "object", user: "int?" });
  });
});

describe("the app's stock item form (stock.dart:192-208)", () => {
  test("create and edit with purchase_price_currency and packaging, as the form sends them", async () => {
    const created = await t.call("POST", "/api/stock/", { part: d.part, location: d.shelf, quantity: 4, batch: "F1", purchase_price: 0.02, purchase_price_currency: "USD", packaging: "tray", link: "" }, "staff");
    expect(created.status).toBe(201);
    expect(created.body.packaging).toBe("tray");
    expect(created.body.purchase_price_currency).toBe("USD");
    const edited = await t.call("PATCH", `/api/stock/${created.body.pk}/`, { batch: "F2", packaging: "bag", purchase_price_currency: "USD" }, "staff");
    expect(edited.status).toBe(200);
    expect([edited.body.batch, edited.body.packaging]).toEqual(["F2", "bag"]);
    // Only the default currency exists here: another one is refused, not silently dropped
    const eur = await t.call("PATCH", `/api/stock/${created.body.pk}/`, { purchase_price_currency: "EUR" }, "staff");
    expect(eur.status).toBe(400);
    expect(eur.body.purchase_price_currency).toBeDefined();
    await t.call("DELETE", `/api/stock/${created.body.pk}/`, undefined, "staff");
  });
});

describe("stock lists as the app and the python library request them", () => {
  test("app: GET /api/stock/?<defaults>&location=<pk>&limit&offset — paginated, every field per row (model.dart:726-770)", async () => {
    const r = await t.call("GET", `/api/stock/?${APP_STOCK_FILTERS}&location=${d.shelf}&limit=25&offset=0`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(2);
    for (const item of r.body.results) {
      expectFields(item, STOCK_ITEM_FIELDS);
      expect(item).toHaveProperty("part_detail");
      expect(item).toHaveProperty("location_detail");
      expect(item).toHaveProperty("supplier_part_detail");
    }
    const row = r.body.results.find((i: { pk: number }) => i.pk === d.item);
    expect(row.tracking_items).toBe(2);
    expect(row.allocated).toBe(30);
  });

  test("the unfiltered default page (its own statement) carries the same per-item numbers", async () => {
    const r = await t.call("GET", "/api/stock/?limit=25", undefined, "readonly");
    const row = r.body.results.find((i: { pk: number }) => i.pk === d.item);
    expect(row.tracking_items).toBe(2);
    expect(row.allocated).toBe(30);
    const byPk = await t.call("GET", "/api/stock/?limit=25&ordering=pk", undefined, "readonly");
    expect(byPk.body.results.find((i: { pk: number }) => i.pk === d.item).tracking_items).toBe(2);
  });

  test("app: a part's stock tab, GET /api/stock/?part=<pk>&in_stock=true (part.dart:204-205)", async () => {
    const r = await t.call("GET", `/api/stock/?${APP_STOCK_FILTERS}&part=${d.part}&in_stock=true&limit=25&offset=0`, undefined, "readonly");
    expect(r.body.count).toBe(2);
  });

  test("python: StockLocation.getStockItems → GET stock/?location=<pk> answers a bare list (stock.py:28-29, base.py:227-260)", async () => {
    const r = await t.call("GET", `/api/stock/?location=${d.shelf}`, undefined, "readonly");
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body.length).toBe(2);
  });

  test("python: StockItem(api, pk) → GET stock/<pk>/; getPart / getLocation follow `part` and `location` (stock.py:304-318)", async () => {
    const item = (await t.call("GET", `/api/stock/${d.item}/`, undefined, "readonly")).body;
    expect((await t.call("GET", `/api/part/${item.part}/`, undefined, "readonly")).body.pk).toBe(d.part);
    expect((await t.call("GET", `/api/stock/location/${item.location}/`, undefined, "readonly")).body.pk).toBe(d.shelf);
  });
});

/** Every field the app reads on a part (part.dart) with InvenTree's JSON type. */
const PART_FIELDS = {
  pk: "int",
  name: "string",
  description: "string",
  keywords: "string", // model.dart:430
  IPN: "string", // part.dart:374
  revision: "string", // part.dart:377
  units: "string", // part.dart:343
  link: "string", // model.dart:360 `as String`
  category: "int?", // part.dart:380 getInt
  default_location: "int?", // part.dart:296 `as int?`
  variant_of: "int?", // part.dart:346 `as int?`
  ordering: "number", // part.dart:298, :480 getDouble("ordering")
  total_in_stock: "number", // part.dart:303-304
  in_stock: "number", // part.dart:306
  unallocated_stock: "number", // part.dart:317-319
  building: "number", // part.dart:349, :482
  assembly: "bool", // part.dart:355
  component: "bool", // :357
  purchaseable: "bool", // :359
  salable: "bool", // :361
  active: "bool", // :363
  virtual: "bool", // :365
  is_template: "bool", // :367
  trackable: "bool", // :369
  testable: "bool", // :371
  full_name: "string", // :410
  starred: "bool", // :454
  suppliers: "int", // :257 getInt("suppliers")
  allocated_to_sales_orders: "number", // :492
  required_for_sales_orders: "number", // :490
  allocated_to_build_orders: "number", // :488
  required_for_build_orders: "number", // :486
  scheduled_to_build: "number", // :484
  barcode_hash: "string", // model.dart:403 `as String`
  notes: "string",
} as const;

describe("parts as the app loads them (PartDetailWidget, part lists)", () => {
  test("GET /api/part/<pk>/?category_detail=true (part.dart:190-191): every field with real values", async () => {
    const r = await t.call("GET", `/api/part/${d.part}/?category_detail=true`, undefined, "readonly");
    expect(r.status).toBe(200);
    expectFields(r.body, PART_FIELDS);
    expect(r.body.in_stock).toBe(255);
    expect(r.body.allocated_to_sales_orders).toBe(30);
    expect(r.body.unallocated_stock).toBe(225);
    expect(r.body.required_for_sales_orders).toBe(40);
    expect(r.body.ordering).toBe(200); // (3 - 1) packs of 100
    expect(r.body.suppliers).toBe(1);
    expect(r.body.testable).toBe(true);
    expect(r.body.starred).toBe(false);
    // part.dart:389 `(jsondata["category_detail"]?["name"] ?? "") as String`, :399 description
    expectFields(r.body.category_detail, { name: "string", description: "string", pathstring: "string", pk: "int" });
    expect(r.body.category_detail.description).toBe("Fixed resistors");
  });

  test("GET /api/part/?category_detail=true&limit&offset&search (model.dart:726-770): each row has the fields", async () => {
    const r = await t.call("GET", "/api/part/?category_detail=true&limit=25&offset=0&search=10k", undefined, "readonly");
    expect(r.body.count).toBe(1);
    expectFields(r.body.results[0], PART_FIELDS);
    expect(r.body.results[0].unallocated_stock).toBe(225);
  });

  test("the same numbers whichever way the list is computed (unfiltered, filtered, ordered by stock)", async () => {
    for (const q of ["limit=25", "limit=25&category=" + d.category, "limit=25&ordering=-in_stock", "has_stock=true"]) {
      const r = await t.call("GET", `/api/part/?${q}`, undefined, "readonly");
      const rows = Array.isArray(r.body) ? r.body : r.body.results;
      const p = rows.find((x: { pk: number }) => x.pk === d.part);
      expect([q, p.unallocated_stock, p.ordering, p.suppliers, p.required_for_sales_orders]).toEqual([q, 225, 200, 1, 40]);
    }
  });

  test("testable is stored and writable (InvenTree's Part.testable); ?testable= filters", async () => {
    const other = await makePart(t.services.database, { name: "Plain" });
    expect((await t.call("GET", `/api/part/${other}/`, undefined, "readonly")).body.testable).toBe(false);
    const p = await t.call("PATCH", `/api/part/${other}/`, { testable: true }, "staff");
    expect(p.body.testable).toBe(true);
    const list = await t.call("GET", "/api/part/?testable=true", undefined, "readonly");
    expect(list.body.map((x: { pk: number }) => x.pk).sort()).toEqual([d.part, other].sort());
  });
});

describe("categories and locations as the app reads them", () => {
  test("GET /api/part/category/<pk>/: part_count as int (part.dart:76-77), pathstring (:56)", async () => {
    const r = await t.call("GET", `/api/part/category/${d.category}/`, undefined, "readonly");
    expectFields(r.body, { pk: "int", name: "string", description: "string", pathstring: "string", parent: "int?", part_count: "int", structural: "bool", icon: "string" });
    expect(r.body.part_count).toBe(1);
  });

  test("python: PartCategory.getParts → part/?category=<pk>, getChildCategories → part/category/?parent=<pk>, getParentCategory (part.py:43-53)", async () => {
    const partsOf = await t.call("GET", `/api/part/?category=${d.top}`, undefined, "readonly");
    expect(partsOf.body.map((p: { pk: number }) => p.pk)).toContain(d.part); // cascades into Resistors, as InvenTree
    const children = await t.call("GET", `/api/part/category/?parent=${d.top}`, undefined, "readonly");
    expect(children.body.map((c: { pk: number }) => c.pk)).toEqual([d.category]);
    const cat = (await t.call("GET", `/api/part/category/${d.category}/`, undefined, "readonly")).body;
    expect((await t.call("GET", `/api/part/category/${cat.parent}/`, undefined, "readonly")).body.pk).toBe(d.top);
  });

  test("GET /api/stock/location/<pk>/: items as int (stock.dart:633), pathstring (:595), parent (model.dart:357)", async () => {
    const r = await t.call("GET", `/api/stock/location/${d.store}/`, undefined, "readonly");
    expectFields(r.body, { pk: "int", name: "string", description: "string", pathstring: "string", parent: "int?", items: "int", sublocations: "int", structural: "bool", external: "bool", icon: "string", barcode_hash: "string", location_type: "int?" });
    expect(r.body.items).toBe(2);
    expect(r.body.sublocations).toBe(1);
  });

  test("location children: GET /api/stock/location/?parent=<pk> (python stock.py:42-46; app LocationDisplayWidget)", async () => {
    const py = await t.call("GET", `/api/stock/location/?parent=${d.store}`, undefined, "readonly");
    expect(py.body.map((l: { pk: number }) => l.pk)).toEqual([d.shelf]);
    const app = await t.call("GET", `/api/stock/location/?parent=${d.store}&limit=25&offset=0`, undefined, "readonly");
    expectFields(app.body.results[0], { pk: "int", items: "int", pathstring: "string" });
  });
});
