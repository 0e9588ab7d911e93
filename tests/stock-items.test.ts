import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCategory, makeCompany, makeLocation, makePart, makePurchaseOrder, makeSalesOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";
import { expectStaffOnly, trackingOf } from "./support/factory-stock.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());
const db = () => t.services.database;

describe("stock items: auth", () => {
  test("reads need credentials, writes need staff", async () => {
    const item = await makeStockItem(db(), { part: await makePart(db()) });
    expect((await t.call("GET", "/api/stock/", undefined, null)).status).toBe(401);
    expect((await t.call("GET", `/api/stock/${item}/`, undefined, null)).status).toBe(401);
    expect((await t.call("GET", "/api/stock/status/", undefined, null)).status).toBe(401);
    expect((await t.call("GET", `/api/stock/${item}/`, undefined, "readonly")).status).toBe(200);
    await expectStaffOnly(t, "POST", "/api/stock/", { part: 1, quantity: 1 });
    await expectStaffOnly(t, "PATCH", `/api/stock/${item}/`, { notes: "x" });
    await expectStaffOnly(t, "PUT", `/api/stock/${item}/`, { part: 1, quantity: 1 });
    await expectStaffOnly(t, "DELETE", `/api/stock/${item}/`);
  });
});

describe("stock items: create", () => {
  test("creates an item with a CREATED tracking entry attributed to the user", async () => {
    const part = await makePart(db());
    const loc = await makeLocation(db());
    const r = await t.call("POST", "/api/stock/", { part, quantity: 12.5, location: loc, batch: "B-1", purchase_price: 0.25, expiry_date: "2030-01-31", notes: "n" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ part, quantity: 12.5, location: loc, batch: "B-1", serial: null, status: 10, status_text: "OK", purchase_price: 0.25, expiry_date: "2030-01-31", in_stock: true });
    const [entry] = await trackingOf(t, r.body.pk);
    expect(entry).toMatchObject({ tracking_type: 1, label: "Stock item created", user: t.users.staff, user_detail: { pk: t.users.staff, username: "staff" } });
    expect(entry.deltas).toMatchObject({ quantity: 12.5, location: loc });
  });

  test("without a location the part's (or its category's) default location is used", async () => {
    const loc = await makeLocation(db());
    const part = await makePart(db(), { default_location: loc });
    expect((await t.call("POST", "/api/stock/", { part, quantity: 1 })).body.location).toBe(loc);
    const catLoc = await makeLocation(db());
    const parentCat = await makeCategory(db(), { default_location: catLoc });
    const partInCat = await makePart(db(), { category: await makeCategory(db(), { parent: parentCat }) });
    expect((await t.call("POST", "/api/stock/", { part: partInCat, quantity: 1 })).body.location).toBe(catLoc);
    expect((await t.call("POST", "/api/stock/", { part, quantity: 1, location: null })).body.location).toBeNull();
  });

  test("missing, mistyped and negative fields are 400 naming each field", async () => {
    const missing = await t.call("POST", "/api/stock/", {});
    expect(missing.status).toBe(400);
    expect(missing.body.part).toEqual(["This field is required."]);
    expect(missing.body.quantity).toEqual(["This field is required."]);
    const wrong = await t.call("POST", "/api/stock/", { part: "one", quantity: "lots", status: 99, expiry_date: "tomorrow" });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body).sort()).toEqual(["expiry_date", "part", "quantity", "status"]);
    const negative = await t.call("POST", "/api/stock/", { part: await makePart(db()), quantity: -1 });
    expect(negative.body.quantity).toEqual(["Ensure this value is greater than or equal to 0."]);
  });

  test("unknown foreign keys are 400 on that field, and nothing is written", async () => {
    const part = await makePart(db());
    const before = (await t.call("GET", "/api/stock/?limit=1")).body.count;
    const r = await t.call("POST", "/api/stock/", { part, quantity: 1, location: 999999, supplier_part: 999999, purchase_order: 999999, sales_order: 999999, customer: 999999 });
    expect(r.status).toBe(400);
    for (const f of ["location", "supplier_part", "purchase_order", "sales_order", "customer"]) expect(r.body[f][0]).toContain("does not exist");
    expect((await t.call("POST", "/api/stock/", { part: 999999, quantity: 1 })).body.part[0]).toContain("does not exist");
    expect((await t.call("GET", "/api/stock/?limit=1")).body.count).toBe(before);
  });

  test("stock cannot be placed in a structural location", async () => {
    const loc = await makeLocation(db(), { structural: true });
    const r = await t.call("POST", "/api/stock/", { part: await makePart(db()), quantity: 1, location: loc });
    expect(r.status).toBe(400);
    expect(r.body.location[0]).toContain("structural");
  });

  test("a supplier part of another part is refused", async () => {
    const supplier = await makeCompany(db());
    const sp = await makeSupplierPart(db(), { part: await makePart(db()), supplier });
    const r = await t.call("POST", "/api/stock/", { part: await makePart(db()), quantity: 1, supplier_part: sp });
    expect(r.status).toBe(400);
    expect(r.body.supplier_part).toBeDefined();
  });

  test("serial: quantity must be 1 and the serial unique per part", async () => {
    const part = await makePart(db());
    const bad = await t.call("POST", "/api/stock/", { part, quantity: 2, serial: "A1" });
    expect(bad.status).toBe(400);
    expect(bad.body.quantity).toEqual(["Quantity must be 1 for item with a serial number"]);
    expect((await t.call("POST", "/api/stock/", { part, quantity: 1, serial: "A1" })).status).toBe(201);
    const dup = await t.call("POST", "/api/stock/", { part, quantity: 1, serial: "A1" });
    expect(dup.status).toBe(400);
    expect(dup.body.serial).toBeDefined();
    expect((await t.call("POST", "/api/stock/", { part: await makePart(db()), quantity: 1, serial: "A1" })).status).toBe(201);
  });
});

describe("stock items: serial_numbers", () => {
  test('"1-5,8" creates one item per serial, each with its CREATED entry', async () => {
    const part = await makePart(db(), { trackable: true });
    const r = await t.call("POST", "/api/stock/", { part, quantity: 6, serial_numbers: "1-5,8" }, "staff");
    expect(r.status).toBe(201);
    expect(r.body.map((i: { serial: string }) => i.serial)).toEqual(["1", "2", "3", "4", "5", "8"]);
    for (const item of r.body as { pk: number; quantity: number }[]) {
      expect(item.quantity).toBe(1);
      expect((await trackingOf(t, item.pk)).map((e) => e.tracking_type)).toEqual([1]);
    }
    const next = await t.call("POST", "/api/stock/", { part, quantity: 3, serial_numbers: "~, 20+" });
    expect(next.body.map((i: { serial: string }) => i.serial)).toEqual(["9", "20", "21"]);
    const seq = await t.call("POST", "/api/stock/", { part, quantity: 3, serial_numbers: "30+2" });
    expect(seq.body.map((i: { serial: string }) => i.serial)).toEqual(["30", "31", "32"]);
  });

  test("bad expressions are 400 with InvenTree's messages, and nothing is created", async () => {
    const part = await makePart(db(), { trackable: true });
    const mismatch = await t.call("POST", "/api/stock/", { part, quantity: 4, serial_numbers: "1-3" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.serial_numbers[0]).toContain("must match quantity (4)");
    expect(mismatch.body.quantity).toEqual(mismatch.body.serial_numbers);
    const dupInInput = await t.call("POST", "/api/stock/", { part, quantity: 3, serial_numbers: "1,1,2" });
    expect(dupInInput.body.serial_numbers[0]).toContain("Duplicate serial");
    const range = await t.call("POST", "/api/stock/", { part, quantity: 2, serial_numbers: "x-y" });
    expect(range.body.serial_numbers[0]).toContain("Invalid group range");
    const tooLong = await t.call("POST", "/api/stock/", { part, quantity: 2, serial_numbers: "1-10" });
    expect(tooLong.body.serial_numbers[0]).toContain("exceeds allowed quantity");
    const empty = await t.call("POST", "/api/stock/", { part, quantity: 2, serial_numbers: " , " });
    expect(empty.status).toBe(400);
    const seq = await t.call("POST", "/api/stock/", { part, quantity: 2, serial_numbers: "5+z" });
    expect(seq.body.serial_numbers[0]).toContain("Invalid group sequence");
    await t.call("POST", "/api/stock/", { part, quantity: 1, serial_numbers: "7" });
    const taken = await t.call("POST", "/api/stock/", { part, quantity: 3, serial_numbers: "6-8" });
    expect(taken.status).toBe(400);
    expect(taken.body.serial_numbers[0]).toContain("already exist");
    const list = await t.call("GET", `/api/stock/?part=${part}`);
    expect(list.body.map((i: { serial: string }) => i.serial)).toEqual(["7"]);
  });

  test("serial_numbers are refused for a non-trackable part", async () => {
    const r = await t.call("POST", "/api/stock/", { part: await makePart(db()), quantity: 2, serial_numbers: "1-2" });
    expect(r.status).toBe(400);
    expect(r.body.serial_numbers).toBeDefined();
  });
});

describe("stock items: read, edit, delete", () => {
  test("detail includes part_detail and location_detail by default, as InvenTree", async () => {
    const loc = await makeLocation(db(), { name: "Detail loc", pathstring: "Detail loc" });
    const part = await makePart(db(), { name: "Resistor", IPN: "R-1", revision: "B" });
    const item = await makeStockItem(db(), { part, location: loc });
    const r = await t.call("GET", `/api/stock/${item}/`, undefined, "readonly");
    expect(r.status).toBe(200);
    expect(r.body.part_detail).toMatchObject({ pk: part, name: "Resistor", IPN: "R-1", full_name: "R-1 | Resistor | B" });
    expect(r.body.location_detail).toEqual({ pk: loc, name: "Detail loc", pathstring: "Detail loc" });
    const bare = await t.call("GET", `/api/stock/${item}/?part_detail=false&location_detail=false`);
    expect(bare.body.part_detail).toBeUndefined();
    expect(bare.body.location_detail).toBeUndefined();
    expect((await t.call("GET", "/api/stock/999999/")).status).toBe(404);
  });

  test("PATCH writes the changed fields as one EDITED entry", async () => {
    const loc = await makeLocation(db());
    const item = await makeStockItem(db(), { part: await makePart(db()), quantity: 5 });
    const r = await t.call("PATCH", `/api/stock/${item}/`, { quantity: 7, batch: "Z", location: loc, status: 50 }, "staff");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ quantity: 7, batch: "Z", location: loc, status: 50, status_text: "Attention needed" });
    const [entry] = await trackingOf(t, item);
    expect(entry.tracking_type).toBe(5);
    expect(entry.deltas).toEqual({ quantity: 7, batch: "Z", location: loc, status: 50 });
    expect(entry.user).toBe(t.users.staff);
    const same = await t.call("PATCH", `/api/stock/${item}/`, { batch: "Z" });
    expect(same.status).toBe(200);
    expect((await trackingOf(t, item)).length).toBe(1);
  });

  test("PATCH refuses bad changes, naming the field", async () => {
    const part = await makePart(db());
    const serialized = await makeStockItem(db(), { part, quantity: 1, serial: "S1" });
    await makeStockItem(db(), { part, quantity: 1, serial: "S2" });
    expect((await t.call("PATCH", `/api/stock/${serialized}/`, { quantity: 3 })).body.quantity).toBeDefined();
    expect((await t.call("PATCH", `/api/stock/${serialized}/`, { serial: "S2" })).body.serial).toBeDefined();
    expect((await t.call("PATCH", `/api/stock/${serialized}/`, { location: 999999 })).body.location).toBeDefined();
    expect((await t.call("PATCH", `/api/stock/${serialized}/`, { location: await makeLocation(db(), { structural: true }) })).body.location).toBeDefined();
    expect((await t.call("PATCH", `/api/stock/${serialized}/`, { part: await makePart(db()) })).body.part).toBeDefined();
    expect((await t.call("PATCH", `/api/stock/${serialized}/`, { quantity: -2 })).body.quantity).toBeDefined();
    expect((await t.call("PATCH", `/api/stock/${serialized}/`, { status: "ok" })).body.status).toBeDefined();
    expect((await t.call("PATCH", "/api/stock/999999/", { notes: "x" })).status).toBe(404);
    expect((await t.call("GET", `/api/stock/${serialized}/`)).body).toMatchObject({ quantity: 1, serial: "S1", location: null });
  });

  test("PUT needs part and quantity", async () => {
    const part = await makePart(db());
    const item = await makeStockItem(db(), { part });
    expect((await t.call("PUT", `/api/stock/${item}/`, { notes: "x" })).body.quantity).toBeDefined();
    const r = await t.call("PUT", `/api/stock/${item}/`, { part, quantity: 3, notes: "put" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ quantity: 3, notes: "put" });
  });

  test("DELETE removes the item and its history", async () => {
    const item = await makeStockItem(db(), { part: await makePart(db()) });
    await t.call("PATCH", `/api/stock/${item}/`, { notes: "tracked" });
    expect((await t.call("DELETE", `/api/stock/${item}/`, undefined, "staff")).status).toBe(204);
    expect((await t.call("GET", `/api/stock/${item}/`)).status).toBe(404);
    expect(await trackingOf(t, item)).toEqual([]);
    expect((await t.call("DELETE", `/api/stock/${item}/`)).status).toBe(404);
  });

  test("GET /api/stock/status/ lists InvenTree's status codes", async () => {
    const r = await t.call("GET", "/api/stock/status/", undefined, "readonly");
    expect(r.body.class).toBe("StockStatus");
    expect(r.body.values.OK).toMatchObject({ key: 10, label: "OK" });
    expect(r.body.values.ATTENTION).toMatchObject({ key: 50, label: "Attention needed" });
    expect(Object.values(r.body.values).map((v) => (v as { key: number }).key)).toEqual([10, 50, 55, 60, 65, 70, 75, 85]);
  });
});

describe("stock items: list filters", () => {
  const ids = {} as Record<string, number>;
  beforeAll(async () => {
    const app = await makeTestApp();
    t.close();
    t = app;
    const d = db();
    const catTop = await makeCategory(d);
    const catSub = await makeCategory(d, { parent: catTop });
    const otherCat = await makeCategory(d);
    ids.catTop = catTop;
    ids.resistor = await makePart(d, { name: "Resistor 10k", IPN: "RES-10K", category: catSub });
    ids.capacitor = await makePart(d, { name: "Capacitor", IPN: "CAP-1", category: otherCat });
    ids.wh = await makeLocation(d, { name: "WH", pathstring: "WH" });
    ids.shelf = await makeLocation(d, { name: "Shelf", parent: ids.wh, pathstring: "WH/Shelf" });
    const supplier = await makeCompany(d);
    const customer = await makeCompany(d, { is_customer: true });
    ids.supplier = supplier;
    ids.customer = customer;
    ids.sp = await makeSupplierPart(d, { part: ids.resistor, supplier });
    ids.po = await makePurchaseOrder(d, { supplier });
    ids.so = await makeSalesOrder(d, { customer });
    ids.inWh = await makeStockItem(d, { part: ids.resistor, location: ids.wh, quantity: 100, batch: "LOT-A", supplier_part: ids.sp, purchase_order: ids.po });
    ids.inShelf = await makeStockItem(d, { part: ids.resistor, location: ids.shelf, quantity: 5 });
    ids.serialized = await makeStockItem(d, { part: ids.capacitor, quantity: 1, serial: "1001" });
    ids.damagedZero = await makeStockItem(d, { part: ids.capacitor, location: ids.shelf, quantity: 0, status: 55 });
    ids.shipped = await makeStockItem(d, { part: ids.capacitor, quantity: 3, customer, sales_order: ids.so });
    ids.lost = await makeStockItem(d, { part: ids.resistor, quantity: 2, status: 70, batch: "lot-b" });
  });
  const pks = async (qs: string) => {
    const r = await t.call("GET", `/api/stock/?${qs}`, undefined, "readonly");
    expect(r.status).toBe(200);
    return (r.body as { pk: number }[]).map((x) => x.pk).sort((a, b) => a - b);
  };
  const sorted = (...xs: number[]) => xs.sort((a, b) => a - b);

  test("part, category (subtree), supplier_part, supplier", async () => {
    expect(await pks(`part=${ids.resistor}`)).toEqual(sorted(ids.inWh, ids.inShelf, ids.lost));
    expect(await pks(`category=${ids.catTop}`)).toEqual(sorted(ids.inWh, ids.inShelf, ids.lost));
    expect(await pks(`supplier_part=${ids.sp}`)).toEqual([ids.inWh]);
    expect(await pks(`supplier=${ids.supplier}`)).toEqual([ids.inWh]);
  });

  test("location cascades by default; cascade=false is this location only; location=null&cascade=false is unplaced", async () => {
    expect(await pks(`location=${ids.wh}`)).toEqual(sorted(ids.inWh, ids.inShelf, ids.damagedZero));
    expect(await pks(`location=${ids.wh}&cascade=false`)).toEqual([ids.inWh]);
    expect(await pks("location=null&cascade=false")).toEqual(sorted(ids.serialized, ids.shipped, ids.lost));
    expect((await t.call("GET", "/api/stock/?location=999999")).body.location).toBeDefined();
  });

  test("status, serial, serialized, batch (case-insensitive), in_stock", async () => {
    expect(await pks("status=70")).toEqual([ids.lost]);
    expect(await pks("serial=1001")).toEqual([ids.serialized]);
    expect(await pks("serialized=true")).toEqual([ids.serialized]);
    expect((await pks("serialized=false")).includes(ids.serialized)).toBe(false);
    expect(await pks("batch=lot-a")).toEqual([ids.inWh]);
    expect(await pks("in_stock=true")).toEqual(sorted(ids.inWh, ids.inShelf, ids.serialized));
    expect(await pks("in_stock=false")).toEqual(sorted(ids.damagedZero, ids.shipped, ids.lost));
  });

  test("customer, purchase_order, sales_order", async () => {
    expect(await pks(`customer=${ids.customer}`)).toEqual([ids.shipped]);
    expect(await pks(`purchase_order=${ids.po}`)).toEqual([ids.inWh]);
    expect(await pks(`sales_order=${ids.so}`)).toEqual([ids.shipped]);
  });

  test("search covers part name, IPN, serial and batch; terms must all match", async () => {
    expect(await pks("search=capacitor")).toEqual(sorted(ids.serialized, ids.damagedZero, ids.shipped));
    expect(await pks("search=RES-10")).toEqual(sorted(ids.inWh, ids.inShelf, ids.lost));
    expect(await pks("search=1001")).toEqual([ids.serialized]);
    expect(await pks("search=LOT")).toEqual(sorted(ids.inWh, ids.lost));
    expect(await pks("search=resistor%20lot-b")).toEqual([ids.lost]);
    expect(await pks("search=100%25")).toEqual([]);
  });

  test("ordering: InvenTree's default (part name, quantity), quantity, -pk, location, stock", async () => {
    const order = async (qs: string) => ((await t.call("GET", `/api/stock/?${qs}`)).body as { pk: number }[]).map((x) => x.pk);
    expect(await order("")).toEqual([ids.damagedZero, ids.serialized, ids.shipped, ids.lost, ids.inShelf, ids.inWh]);
    expect(await order("ordering=-quantity")).toEqual([ids.inWh, ids.inShelf, ids.shipped, ids.lost, ids.serialized, ids.damagedZero]);
    expect(await order("ordering=-pk")).toEqual([ids.lost, ids.shipped, ids.damagedZero, ids.serialized, ids.inShelf, ids.inWh]);
    expect((await order("ordering=-location")).slice(0, 2)).toEqual([ids.inShelf, ids.damagedZero]);
    expect(await order("ordering=stock")).toEqual(await order("ordering=quantity"));
    expect(await order("ordering=part,-quantity")).toEqual([ids.shipped, ids.serialized, ids.damagedZero, ids.inWh, ids.inShelf, ids.lost]);
    expect(await order("ordering=nonsense")).toEqual(await order(""));
  });

  test("pagination: count, next, previous, no overlap between pages", async () => {
    const p1 = await t.call("GET", "/api/stock/?limit=4&ordering=pk");
    expect(p1.body.count).toBe(6);
    expect(p1.body.results).toHaveLength(4);
    expect(p1.body.previous).toBeNull();
    expect(p1.body.next).toContain("offset=4");
    const p2 = await t.call("GET", "/api/stock/?limit=4&offset=4&ordering=pk");
    expect(p2.body.results).toHaveLength(2);
    expect(p2.body.next).toBeNull();
    const all = [...p1.body.results, ...p2.body.results].map((x: { pk: number }) => x.pk);
    expect(new Set(all).size).toBe(6);
    const filtered = await t.call("GET", `/api/stock/?limit=1&part=${ids.resistor}&search=lot`);
    expect(filtered.body.count).toBe(2);
  });

  test("part_detail and location_detail in lists", async () => {
    const r = await t.call("GET", `/api/stock/?location=${ids.shelf}&cascade=false&part_detail=true&location_detail=true&ordering=pk`);
    expect(r.body[0].part_detail).toMatchObject({ pk: ids.resistor, name: "Resistor 10k", IPN: "RES-10K" });
    expect(r.body[0].location_detail).toEqual({ pk: ids.shelf, name: "Shelf", pathstring: "WH/Shelf" });
    const plain = await t.call("GET", `/api/stock/?part=${ids.resistor}`);
    expect(plain.body[0].part_detail).toBeUndefined();
  });

  test("bad filter values are 400", async () => {
    expect((await t.call("GET", "/api/stock/?part=abc")).body.part).toBeDefined();
    expect((await t.call("GET", "/api/stock/?in_stock=sometimes")).body.in_stock).toBeDefined();
    expect((await t.call("GET", "/api/stock/?limit=-1")).status).toBe(400);
  });
});
