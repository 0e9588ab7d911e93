import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { STOCK_STATUS } from "../server/db/schema/stock.ts";
import { findSupplierPartsBySku } from "../server/modules/company/service.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makeCompany, makePart, makePurchaseOrder, makeSalesOrder, makeStockItem, makeSupplierPart } from "./support/factory.ts";
import { makePurchaseOrderLine } from "./support/factory-part.ts";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const post = (path: string, body: unknown) => t.call("POST", path, body, "staff");
const get = (path: string) => t.call("GET", path, undefined, "readonly");

describe("auth", () => {
  test("reads need credentials; writes need staff", async () => {
    const c = await makeCompany(t.services.database);
    const sp = await makeSupplierPart(t.services.database, { part: await makePart(t.services.database), supplier: c });
    for (const path of ["/api/company/", `/api/company/${c}/`, "/api/company/part/", `/api/company/part/${sp}/`]) {
      expect((await t.call("GET", path, undefined, null)).status).toBe(401);
      expect((await t.call("GET", path, undefined, "readonly")).status).toBe(200);
    }
    expect((await t.call("POST", "/api/company/", { name: "x" }, "readonly")).status).toBe(403);
    expect((await t.call("POST", "/api/company/part/", { part: 1, supplier: c, SKU: "x" }, "readonly")).status).toBe(403);
    for (const method of ["PATCH", "PUT", "DELETE"]) {
      expect((await t.call(method, `/api/company/${c}/`, { name: "y" }, "readonly")).status).toBe(403);
      expect((await t.call(method, `/api/company/part/${sp}/`, { SKU: "y" }, "readonly")).status).toBe(403);
      expect((await t.call(method, `/api/company/${c}/`, { name: "y" }, null)).status).toBe(401);
    }
  });
});

describe("companies", () => {
  test("create with defaults, read, patch, put", async () => {
    const r = await post("/api/company/", { name: "Mouser", website: "https://mouser.com", email: "sales@mouser.com", currency: "eur" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: "Mouser", is_supplier: true, is_customer: false, is_manufacturer: false, active: true, currency: "EUR", parts_supplied: 0, parts_manufactured: 0 });
    const pk = r.body.pk;
    expect((await get(`/api/company/${pk}/`)).body.name).toBe("Mouser");
    const patch = await t.call("PATCH", `/api/company/${pk}/`, { is_customer: true, description: "distributor" }, "staff");
    expect(patch.body).toMatchObject({ is_customer: true, description: "distributor", name: "Mouser" });
    const putMissing = await t.call("PUT", `/api/company/${pk}/`, { description: "x" }, "staff");
    expect(putMissing.status).toBe(400);
    expect(putMissing.body.name).toEqual(["This field is required."]);
    const put = await t.call("PUT", `/api/company/${pk}/`, { name: "Mouser Electronics" }, "staff");
    expect(put.body).toMatchObject({ name: "Mouser Electronics", description: "distributor" });
    expect((await get("/api/company/999999/")).status).toBe(404);
    expect((await t.call("PATCH", "/api/company/999999/", { name: "n" }, "staff")).status).toBe(404);
  });

  test("bad input names the field", async () => {
    const missing = await post("/api/company/", { description: "nameless" });
    expect(missing.status).toBe(400);
    expect(missing.body.name).toEqual(["This field is required."]);
    const wrong = await post("/api/company/", { name: ["7"], is_supplier: "sometimes" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.name).toBeDefined();
    expect(wrong.body.is_supplier).toEqual(["Must be a valid boolean."]);
    const formats = await post("/api/company/", { name: "Bad", email: "not-an-email", website: "nope", currency: "XYZ" });
    expect(formats.status).toBe(400);
    expect(formats.body).toEqual({ email: ["Enter a valid email address."], website: ["Enter a valid URL."], currency: ['"XYZ" is not a valid choice.'] });
    await post("/api/company/", { name: "Same", email: "a@b.co" });
    const dup = await post("/api/company/", { name: "Same", email: "a@b.co" });
    expect(dup.status).toBe(400);
    expect(dup.body.non_field_errors).toHaveLength(1);
    expect((await post("/api/company/", { name: "Same", email: "c@d.co" })).status).toBe(201);
  });

  test("delete removes its supplier parts; refused while orders use it", async () => {
    const c = await makeCompany(t.services.database);
    const sp = await makeSupplierPart(t.services.database, { part: await makePart(t.services.database), supplier: c });
    expect((await t.call("DELETE", `/api/company/${c}/`, undefined, "staff")).status).toBe(204);
    expect((await get(`/api/company/${c}/`)).status).toBe(404);
    expect((await get(`/api/company/part/${sp}/`)).status).toBe(404);
    const withPo = await makeCompany(t.services.database);
    await makePurchaseOrder(t.services.database, { supplier: withPo });
    const refused = await t.call("DELETE", `/api/company/${withPo}/`, undefined, "staff");
    expect(refused.status).toBe(400);
    expect(refused.body.non_field_errors[0]).toContain("purchase orders");
    const customer = await makeCompany(t.services.database, { is_customer: true });
    await makeSalesOrder(t.services.database, { customer });
    expect((await t.call("DELETE", `/api/company/${customer}/`, undefined, "staff")).status).toBe(400);
    expect((await t.call("DELETE", "/api/company/999999/", undefined, "staff")).status).toBe(404);
  });
});

describe("company list", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp();
    const db = app.services.database;
    const digikey = await makeCompany(db, { name: "DigiKey", description: "distributor", website: "https://digikey.com" });
    const acme = await makeCompany(db, { name: "Acme", is_customer: true, is_supplier: false });
    const ti = await makeCompany(db, { name: "Texas Instruments", is_manufacturer: true, is_supplier: true });
    await makeCompany(db, { name: "Zombie Corp", active: false });
    const part = await makePart(db);
    await makeSupplierPart(db, { part, supplier: digikey, manufacturer: ti });
    await makeSupplierPart(db, { part, supplier: digikey });
    await makeSupplierPart(db, { part, supplier: ti });
    void acme;
  });
  afterAll(() => app.close());
  const list = async (q: string) => {
    const r = await app.call("GET", `/api/company/${q}`, undefined, "readonly");
    expect(r.status).toBe(200);
    return r.body;
  };
  const names = (xs: { name: string }[]) => xs.map((x) => x.name);

  test("default order by name; counts of supplier parts", async () => {
    const all = await list("");
    expect(names(all)).toEqual(["Acme", "DigiKey", "Texas Instruments", "Zombie Corp"]);
    expect(all.map((c: { parts_supplied: number; parts_manufactured: number }) => [c.parts_supplied, c.parts_manufactured])).toEqual([
      [0, 0],
      [2, 0],
      [1, 1],
      [0, 0],
    ]);
  });
  test("role and active filters", async () => {
    expect(names(await list("?is_customer=true"))).toEqual(["Acme"]);
    expect(names(await list("?is_supplier=false"))).toEqual(["Acme"]);
    expect(names(await list("?is_manufacturer=true"))).toEqual(["Texas Instruments"]);
    expect(names(await list("?active=false"))).toEqual(["Zombie Corp"]);
  });
  test("search and ordering", async () => {
    expect(names(await list("?search=distrib"))).toEqual(["DigiKey"]);
    expect(names(await list("?search=instruments"))).toEqual(["Texas Instruments"]);
    expect(names(await list("?ordering=-parts_supplied"))).toEqual(["DigiKey", "Texas Instruments", "Acme", "Zombie Corp"]);
    expect(names(await list("?ordering=-name"))).toEqual(["Zombie Corp", "Texas Instruments", "DigiKey", "Acme"]);
  });
  test("pagination", async () => {
    const page = await list("?limit=3");
    expect(page.count).toBe(4);
    expect(page.results).toHaveLength(3);
    expect(page.next).toContain("offset=3");
    const rest = await list("?limit=3&offset=3");
    expect(names(rest.results)).toEqual(["Zombie Corp"]);
    expect(rest.previous).not.toBeNull();
  });
});

describe("supplier parts: create and validate", () => {
  let supplier: number;
  let manufacturer: number;
  let customerOnly: number;
  let part: number;
  beforeAll(async () => {
    const db = t.services.database;
    supplier = await makeCompany(db, { name: "Supplier Co" });
    manufacturer = await makeCompany(db, { name: "Maker Co", is_manufacturer: true, is_supplier: false });
    customerOnly = await makeCompany(db, { name: "Buyer Co", is_supplier: false, is_customer: true });
    part = await makePart(db, { name: "Cable", units: "m" });
  });

  test("create returns the fields; pack_quantity parsed into the part's units", async () => {
    const r = await post("/api/company/part/", { part, supplier, SKU: "CAB-100", manufacturer, MPN: "MC-1", pack_quantity: "500 cm" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ part, supplier, SKU: "CAB-100", manufacturer, MPN: "MC-1", pack_quantity: "500 cm", pack_quantity_native: 5, active: true, in_stock: 0, barcode_hash: "" });
    expect(r.body.supplier_detail).toMatchObject({ pk: supplier, name: "Supplier Co" });
    expect(r.body).not.toHaveProperty("part_detail");
    const plain = await post("/api/company/part/", { part, supplier, SKU: "CAB-1" });
    expect(plain.body).toMatchObject({ pack_quantity: "1", pack_quantity_native: 1, manufacturer: null, MPN: "" });
    const bare = await post("/api/company/part/", { part, supplier, SKU: "CAB-25", pack_quantity: "25" });
    expect(bare.body.pack_quantity_native).toBe(25);
  });

  test("missing or mistyped fields are 400 naming them", async () => {
    const missing = await post("/api/company/part/", { part });
    expect(missing.status).toBe(400);
    expect(missing.body.supplier).toEqual(["This field is required."]);
    expect(missing.body.SKU).toEqual(["This field is required."]);
    const wrong = await post("/api/company/part/", { part: "one", supplier, SKU: false });
    expect(wrong.status).toBe(400);
    expect(wrong.body.part).toEqual(["A valid integer is required."]);
    expect(wrong.body.SKU).toBeDefined();
  });

  test("supplier must be a supplier, manufacturer a manufacturer, part purchaseable", async () => {
    const notSupplier = await post("/api/company/part/", { part, supplier: customerOnly, SKU: "X1" });
    expect(notSupplier.status).toBe(400);
    expect(notSupplier.body).toEqual({ supplier: [`Invalid pk "${customerOnly}" - object does not exist.`] });
    const unknown = await post("/api/company/part/", { part: 999999, supplier: 999998, SKU: "X2", manufacturer: 999997 });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body).sort()).toEqual(["manufacturer", "part", "supplier"]);
    const notMaker = await post("/api/company/part/", { part, supplier, SKU: "X3", manufacturer: supplier });
    expect(notMaker.body.manufacturer).toBeDefined();
    const unbuyable = await makePart(t.services.database, { purchaseable: false });
    const r = await post("/api/company/part/", { part: unbuyable, supplier, SKU: "X4" });
    expect(r.status).toBe(400);
    expect(r.body.part).toBeDefined();
  });

  test("pack_quantity must be a positive amount in compatible units", async () => {
    for (const [pack, units, message] of [
      ["0", "m", "greater than zero"],
      ["-5", "m", "greater than zero"],
      ["lots", "m", "Invalid quantity"],
      ["3 kg", "m", "Could not convert"],
    ] as const) {
      const p = await makePart(t.services.database, { units });
      const r = await post("/api/company/part/", { part: p, supplier, SKU: `PQ-${pack}`, pack_quantity: pack });
      expect(r.status).toBe(400);
      expect(r.body.pack_quantity[0]).toContain(message);
    }
    const unitless = await makePart(t.services.database);
    const r = await post("/api/company/part/", { part: unitless, supplier, SKU: "PQ-u", pack_quantity: "2 m" });
    expect(r.body.pack_quantity).toEqual(["Pack units must be compatible with the base part units"]);
  });

  test("(supplier, SKU) is unique; the same SKU at another supplier is fine", async () => {
    await post("/api/company/part/", { part, supplier, SKU: "DUP-1" });
    const dup = await post("/api/company/part/", { part, supplier, SKU: "DUP-1" });
    expect(dup.status).toBe(400);
    expect(dup.body.SKU).toHaveLength(1);
    const other = await makeCompany(t.services.database);
    expect((await post("/api/company/part/", { part, supplier: other, SKU: "DUP-1" })).status).toBe(201);
    const found = await findSupplierPartsBySku(t.services.database, "DUP-1");
    expect(found.map((s) => s.supplier)).toEqual([supplier, other]);
    expect(await findSupplierPartsBySku(t.services.database, "DUP-1", other)).toHaveLength(1);
  });

  test("PATCH and PUT re-validate; renaming onto a taken SKU is refused", async () => {
    const a = (await post("/api/company/part/", { part, supplier, SKU: "ED-A" })).body.pk;
    await post("/api/company/part/", { part, supplier, SKU: "ED-B" });
    const patch = await t.call("PATCH", `/api/company/part/${a}/`, { pack_quantity: "2.5", note: "reel" }, "staff");
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ pack_quantity: "2.5", pack_quantity_native: 2.5, note: "reel", SKU: "ED-A" });
    const taken = await t.call("PATCH", `/api/company/part/${a}/`, { SKU: "ED-B" }, "staff");
    expect(taken.status).toBe(400);
    expect(taken.body.SKU).toBeDefined();
    const badSupplier = await t.call("PATCH", `/api/company/part/${a}/`, { supplier: customerOnly }, "staff");
    expect(badSupplier.body.supplier).toBeDefined();
    const badPack = await t.call("PATCH", `/api/company/part/${a}/`, { pack_quantity: "0" }, "staff");
    expect(badPack.body.pack_quantity).toBeDefined();
    const putMissing = await t.call("PUT", `/api/company/part/${a}/`, { SKU: "ED-C" }, "staff");
    expect(putMissing.status).toBe(400);
    expect(putMissing.body.part).toEqual(["This field is required."]);
    const put = await t.call("PUT", `/api/company/part/${a}/`, { part, supplier, SKU: "ED-C", active: false }, "staff");
    expect(put.body).toMatchObject({ SKU: "ED-C", active: false, note: "reel" });
    expect((await t.call("PATCH", "/api/company/part/999999/", { SKU: "n" }, "staff")).status).toBe(404);
  });

  test("delete; refused while a purchase order line uses it", async () => {
    const free = (await post("/api/company/part/", { part, supplier, SKU: "DEL-1" })).body.pk;
    expect((await t.call("DELETE", `/api/company/part/${free}/`, undefined, "staff")).status).toBe(204);
    expect((await get(`/api/company/part/${free}/`)).status).toBe(404);
    const used = (await post("/api/company/part/", { part, supplier, SKU: "DEL-2" })).body.pk;
    await makePurchaseOrderLine(t.services.database, { order: await makePurchaseOrder(t.services.database, { supplier }), part: used });
    const r = await t.call("DELETE", `/api/company/part/${used}/`, undefined, "staff");
    expect(r.status).toBe(400);
    expect(r.body.non_field_errors).toHaveLength(1);
    expect((await get(`/api/company/part/${used}/`)).status).toBe(200);
  });
});

describe("supplier part list", () => {
  let app: TestApp;
  let ids: Record<string, number>;
  beforeAll(async () => {
    app = await makeTestApp();
    const db = app.services.database;
    const mouser = await makeCompany(db, { name: "Mouser" });
    const farnell = await makeCompany(db, { name: "Farnell", active: false });
    const yageo = await makeCompany(db, { name: "Yageo", is_manufacturer: true });
    const resistor = await makePart(db, { name: "Resistor", IPN: "R-1" });
    const cap = await makePart(db, { name: "Capacitor", active: false });
    ids = {
      mouser,
      farnell,
      yageo,
      resistor,
      cap,
      a: await makeSupplierPart(db, { part: resistor, supplier: mouser, SKU: "603-RC0603", manufacturer: yageo, MPN: "RC0603FR-0710KL" }),
      b: await makeSupplierPart(db, { part: resistor, supplier: farnell, SKU: "FN-123", pack_quantity: "100", pack_quantity_native: 100 }),
      c: await makeSupplierPart(db, { part: cap, supplier: mouser, SKU: "581-CAP", active: false, description: "ceramic" }),
    };
    await makeStockItem(db, { part: resistor, supplier_part: ids.a, quantity: 30 });
    await makeStockItem(db, { part: resistor, supplier_part: ids.a, quantity: 99, status: STOCK_STATUS.REJECTED });
  });
  afterAll(() => app.close());
  const list = async (q: string) => {
    const r = await app.call("GET", `/api/company/part/${q}`, undefined, "readonly");
    expect(r.status).toBe(200);
    return r.body;
  };
  const skus = (xs: { SKU: string }[]) => xs.map((x) => x.SKU);

  test("all, with supplier_detail by default and in_stock", async () => {
    const all = await list("");
    expect(skus(all)).toEqual(["603-RC0603", "FN-123", "581-CAP"]);
    expect(all[0].supplier_detail.name).toBe("Mouser");
    expect(all[0].in_stock).toBe(30);
    expect(all[0]).not.toHaveProperty("part_detail");
  });
  test("part_detail, manufacturer_detail, supplier_detail=false", async () => {
    const r = await list("?part_detail=true&manufacturer_detail=true&supplier_detail=false");
    expect(r[0].part_detail).toMatchObject({ pk: ids.resistor, name: "Resistor", full_name: "R-1 | Resistor" });
    expect(r[0].manufacturer_detail).toMatchObject({ pk: ids.yageo, name: "Yageo" });
    expect(r[1].manufacturer_detail).toBeNull();
    expect(r[0]).not.toHaveProperty("supplier_detail");
    const one = await app.call("GET", `/api/company/part/${ids.a}/?part_detail=true`, undefined, "readonly");
    expect(one.body.part_detail.pk).toBe(ids.resistor);
  });
  test("filters", async () => {
    expect(skus(await list(`?part=${ids.resistor}`))).toEqual(["603-RC0603", "FN-123"]);
    expect(skus(await list(`?supplier=${ids.mouser}`))).toEqual(["603-RC0603", "581-CAP"]);
    expect(skus(await list(`?manufacturer=${ids.yageo}`))).toEqual(["603-RC0603"]);
    expect(skus(await list(`?company=${ids.yageo}`))).toEqual(["603-RC0603"]);
    expect(skus(await list("?SKU=FN-123"))).toEqual(["FN-123"]);
    expect(skus(await list("?MPN=rc0603fr-0710kl"))).toEqual(["603-RC0603"]);
    expect(skus(await list("?active=false"))).toEqual(["581-CAP"]);
    expect(skus(await list("?part_active=false"))).toEqual(["581-CAP"]);
    expect(skus(await list("?supplier_active=false"))).toEqual(["FN-123"]);
    expect(skus(await list("?has_stock=true"))).toEqual(["603-RC0603"]);
  });
  test("unknown pk in a filter is 400 naming it", async () => {
    for (const key of ["part", "supplier", "manufacturer", "company"]) {
      const r = await app.call("GET", `/api/company/part/?${key}=99999`, undefined, "readonly");
      expect(r.status).toBe(400);
      expect(r.body[key]).toHaveLength(1);
    }
  });
  test("search over SKU, MPN, part and supplier names", async () => {
    expect(skus(await list("?search=RC0603FR"))).toEqual(["603-RC0603"]);
    expect(skus(await list("?search=farnell"))).toEqual(["FN-123"]);
    expect(skus(await list("?search=capacitor"))).toEqual(["581-CAP"]);
    expect(skus(await list("?search=yageo"))).toEqual(["603-RC0603"]);
    expect(skus(await list("?search=R-1%20mouser"))).toEqual(["603-RC0603"]);
  });
  test("ordering and pagination", async () => {
    expect(skus(await list("?ordering=SKU"))).toEqual(["581-CAP", "603-RC0603", "FN-123"]);
    expect(skus(await list("?ordering=-pack_quantity"))).toEqual(["FN-123", "603-RC0603", "581-CAP"]);
    expect(skus(await list("?ordering=supplier,-SKU"))).toEqual(["FN-123", "603-RC0603", "581-CAP"]);
    expect(skus(await list("?ordering=part"))).toEqual(["581-CAP", "603-RC0603", "FN-123"]);
    const page = await list("?limit=2&offset=2");
    expect(page.count).toBe(3);
    expect(skus(page.results)).toEqual(["581-CAP"]);
    expect(page.next).toBeNull();
  });
});
