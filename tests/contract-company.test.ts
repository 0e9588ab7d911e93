/**
 * Contract: companies, supplier parts and manufacturer parts as the InvenTree app (inventree-app
 * @06013b3a) and the Python library (inventree-python @d905764) use them, request by request,
 * asserting every field and JSON type they read. Citations are `file:line` in those repositories.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { makePart } from "./support/factory.ts";

let t: TestApp;
const db = () => t.services.database;
let part: number;

beforeAll(async () => {
  t = await makeTestApp();
  part = await makePart(db(), { name: "BME280", description: "Pressure sensor", IPN: "U-BME", purchaseable: true });
});
afterAll(() => t.close());

const isIntOrNull = (v: unknown) => v === null || Number.isInteger(v);

/** Every field InvenTreeCompany reads. */
function expectCompanyShape(c: Record<string, unknown>) {
  expect(Number.isInteger(c.pk)).toBe(true);
  expect(typeof c.name).toBe("string"); // model.dart:333
  expect(typeof c.description).toBe("string"); // model.dart:335
  expect(typeof c.website).toBe("string"); // company.dart:66
  expect(typeof c.phone).toBe("string"); // company.dart:68
  expect(typeof c.email).toBe("string"); // company.dart:70
  expect(typeof c.is_supplier).toBe("boolean"); // company.dart:72
  expect(typeof c.is_manufacturer).toBe("boolean"); // company.dart:74
  expect(typeof c.is_customer).toBe("boolean"); // company.dart:76
  expect(typeof c.active).toBe("boolean"); // company.dart:78
  expect(Number.isInteger(c.parts_supplied)).toBe(true); // company.dart:80
  expect(Number.isInteger(c.parts_manufactured)).toBe(true); // company.dart:82
  // company.dart:58-64: `(image ?? thumbnail ?? staticImage) as String` — absent or a string, never another type.
  for (const k of ["image", "thumbnail"]) expect(c[k] === undefined || c[k] === null || typeof c[k] === "string").toBe(true);
}

describe("companies (app forms and lists)", () => {
  let supplier: number;
  let maker: number;
  test("create as the app's form (company.dart:40-56); list with the role and active filters", async () => {
    const s = await t.call("POST", "/api/company/", { name: "Digi-Key", description: "Distributor", website: "https://www.digikey.com", is_supplier: true, is_manufacturer: false, is_customer: false, currency: "USD", active: true }, "staff");
    expect(s.status).toBe(201);
    expectCompanyShape(s.body);
    supplier = s.body.pk;
    maker = (await t.call("POST", "/api/company/", { name: "Bosch Sensortec", is_supplier: false, is_manufacturer: true })).body.pk;
    // company_list.dart:94-104 active filter, :116 paginated with the widget's filters (e.g. is_manufacturer).
    const r = await t.call("GET", "/api/company/?is_manufacturer=true&active=true&limit=25&offset=0", undefined, "readonly");
    expect(r.body.count).toBe(1);
    expectCompanyShape(r.body.results[0]);
    expect(r.body.results[0].pk).toBe(maker);
    // company_detail.dart:182 count of the supplier's supplier parts (limit=1 from model.dart:477).
    expect((await t.call("GET", `/api/company/part/?manufacturer_detail=true&supplier_detail=true&part_detail=true&supplier=${supplier}&limit=1`)).body.count).toBe(0);
  });

  test("contacts and addresses: honest empty lists (inventree-python company.py:39-47)", async () => {
    expect((await t.call("GET", `/api/company/contact/?company=${supplier}`)).body).toEqual([]);
    expect((await t.call("GET", `/api/company/address/?company=${supplier}&limit=10`)).body).toMatchObject({ count: 0, results: [] });
  });

  test("a company barcode scans to it (barcode.dart:208, :274)", async () => {
    const r = await t.call("POST", "/api/barcode/", { barcode: JSON.stringify({ company: maker }) });
    expect(r.status).toBe(200);
    expect(r.body.company.pk).toBe(maker);
    const gen = await t.call("POST", "/api/barcode/generate/", { model: "company", pk: maker });
    expect(gen.status).toBe(200);
    expect((await t.call("POST", "/api/barcode/", { barcode: gen.body.barcode })).body.company.pk).toBe(maker);
  });

  describe("manufacturer parts", () => {
    let mp: number;
    test("python create, list(manufacturer=…); app detail with both details", async () => {
      // inventree-python company.py:142 URL company/part/manufacturer/; InventreeObject.create posts the fields.
      const created = await t.call("POST", "/api/company/part/manufacturer/", { part, manufacturer: maker, MPN: "BME280", description: "Sensor", link: "https://example.com/bme280" }, "staff");
      expect(created.status).toBe(201);
      mp = created.body.pk;
      // company.py:55-59 getManufacturedParts → list(manufacturer=pk).
      const list = await t.call("GET", `/api/company/part/manufacturer/?manufacturer=${maker}`, undefined, "readonly");
      expect(list.body).toHaveLength(1);
      // company.dart:259-262 defaultFilters manufacturer_detail, part_detail.
      const r = await t.call("GET", `/api/company/part/manufacturer/${mp}/?manufacturer_detail=true&part_detail=true`, undefined, "readonly");
      expect(r.status).toBe(200);
      const m = r.body;
      expect(m.part).toBe(part); // company.dart:264
      expect(m.part_detail.name).toBe("BME280"); // company.dart:266
      expect(m.part_detail.description).toBe("Pressure sensor"); // :268
      expect(m.part_detail.IPN).toBe("U-BME"); // :270
      expect(m.manufacturer).toBe(maker); // :276
      expect(m.manufacturer_detail.name).toBe("Bosch Sensortec"); // :278-279
      expect(typeof m.manufacturer_detail.description).toBe("string"); // :281-282
      expect(m.MPN).toBe("BME280"); // :290
      expect(m.description).toBe("Sensor"); // manufacturer_part_detail.dart:184
      expect(m.link).toBe("https://example.com/bme280"); // manufacturer_part_detail.dart:194-197
      expect(typeof m.barcode_hash).toBe("string");
      expect(m.pretty_name).toBe("Bosch Sensortec | BME280");
      expect((await t.call("GET", "/api/company/")).body.find((c: { pk: number }) => c.pk === maker).parts_manufactured).toBe(1);
    });

    test("edit as the app's form (company.dart:249-257: manufacturer, MPN, link); validation", async () => {
      const r = await t.call("PATCH", `/api/company/part/manufacturer/${mp}/`, { manufacturer: maker, MPN: "BME280-X", link: "" }, "staff");
      expect(r.status).toBe(200);
      expect(r.body.MPN).toBe("BME280-X");
      const dup = await t.call("POST", "/api/company/part/manufacturer/", { part, manufacturer: maker, MPN: "BME280-X" });
      expect(dup.status).toBe(400);
      expect(dup.body.non_field_errors).toEqual(["The fields part, manufacturer, MPN must make a unique set."]);
      const notMaker = await t.call("POST", "/api/company/part/manufacturer/", { part, manufacturer: supplier, MPN: "Z" });
      expect(notMaker.body.manufacturer).toEqual([`Invalid pk "${supplier}" - object does not exist.`]);
      expect((await t.call("POST", "/api/company/part/manufacturer/", { part, manufacturer: maker })).body.MPN).toEqual(["This field is required."]);
      expect((await t.call("PATCH", `/api/company/part/manufacturer/${mp}/`, { MPN: "x" }, "readonly")).status).toBe(403);
    });

    test("a manufacturer-part barcode scans to it (barcode.dart:195, :271)", async () => {
      const r = await t.call("POST", "/api/barcode/", { barcode: JSON.stringify({ manufacturerpart: mp }) });
      expect(r.body.manufacturerpart.pk).toBe(mp);
    });

    describe("supplier parts linking it", () => {
      let sp: number;
      test("create with manufacturer_part; the app's list with every detail", async () => {
        const created = await t.call("POST", "/api/company/part/", { part, supplier, SKU: "828-1063-1-ND", manufacturer_part: mp, pack_quantity: "1" }, "staff");
        expect(created.status).toBe(201);
        sp = created.body.pk;
        // company.dart:163-170 defaultFilters; company_detail.dart:336 {supplier}.
        const r = await t.call("GET", `/api/company/part/?manufacturer_detail=true&supplier_detail=true&part_detail=true&supplier=${supplier}&limit=25&offset=0`, undefined, "readonly");
        expect(r.body.count).toBe(1);
        const s = r.body.results[0];
        expect(s.manufacturer_detail.pk).toBe(maker); // company.dart:172
        expect(s.manufacturer_detail.name).toBe("Bosch Sensortec"); // :174
        expect(s.manufacturer_part_detail.MPN).toBe("BME280-X"); // :177
        expect(s.manufacturer_part).toBe(mp); // :185
        expect(s.supplier).toBe(supplier); // :187
        expect(s.supplier_detail.name).toBe("Digi-Key"); // :189
        expect(s.SKU).toBe("828-1063-1-ND"); // :197
        expect(s.active).toBe(true); // :199
        expect(s.part).toBe(part); // :201
        expect(typeof s.in_stock).toBe("number"); // :203
        expect(typeof s.on_order).toBe("number"); // :205
        expect(s.part_detail.name).toBe("BME280"); // :211, :213 getMap
        expect(s.part_detail.description).toBe("Pressure sensor"); // :215
        expect(typeof s.note).toBe("string"); // :217
        expect(s.packaging).toBe(""); // :219
        expect(s.pack_quantity).toBe("1"); // :225
        expect(typeof s.link).toBe("string"); // supplier_part_detail.dart:299-303
        expect(typeof s.barcode_hash).toBe("string"); // supplier_part_detail.dart:71 customBarcode
        // MPN and manufacturer mirror the manufacturer part.
        expect(s.MPN).toBe("BME280-X");
        expect(s.manufacturer).toBe(maker);
      });

      test("without manufacturer_part: manufacturer_part_detail is null and the top-level MPN stands", async () => {
        // model.dart:84-95: a null subKey value makes getString("MPN", subKey: …) read the top level.
        const other = await t.call("POST", "/api/company/part/", { part, supplier, SKU: "PLAIN-1" }, "staff");
        expect(other.body.manufacturer_part).toBeNull();
        const r = await t.call("GET", `/api/company/part/${other.body.pk}/?manufacturer_detail=true&supplier_detail=true&part_detail=true`);
        expect(r.body.manufacturer_part_detail).toBeNull();
        expect(r.body.manufacturer_detail).toBeNull();
        expect(isIntOrNull(r.body.manufacturer_part)).toBe(true);
      });

      test("manufacturer + MPN (as InvenTree's serializer takes them) link or create the manufacturer part", async () => {
        const r = await t.call("POST", "/api/company/part/", { part, supplier, SKU: "BY-MPN", manufacturer: maker, MPN: "BME280-X" }, "staff");
        expect(r.body.manufacturer_part).toBe(mp);
        const fresh = await t.call("POST", "/api/company/part/", { part, supplier, SKU: "NEW-MPN", manufacturer: maker, MPN: "BME680" }, "staff");
        expect(Number.isInteger(fresh.body.manufacturer_part)).toBe(true);
        expect(fresh.body.manufacturer_part).not.toBe(mp);
        expect((await t.call("GET", `/api/company/part/manufacturer/?part=${part}`)).body).toHaveLength(2);
      });

      test("edit as the app's form (company.dart:139-161); filter by manufacturer_part", async () => {
        const r = await t.call("PATCH", `/api/company/part/${sp}/`, { supplier, SKU: "828-1063-1-ND", link: "", note: "reel", packaging: "", pack_quantity: "1", active: true }, "staff");
        expect(r.status).toBe(200);
        expect(r.body.note).toBe("reel");
        const byMp = await t.call("GET", `/api/company/part/?manufacturer_part=${mp}`);
        expect(byMp.body.map((x: { pk: number }) => x.pk).sort()).toEqual([sp, sp + 2].sort());
      });

      test("renaming the manufacturer part's MPN follows on its supplier parts; deleting it unlinks them", async () => {
        await t.call("PATCH", `/api/company/part/manufacturer/${mp}/`, { MPN: "BME280-Y" });
        expect((await t.call("GET", `/api/company/part/${sp}/`)).body.MPN).toBe("BME280-Y");
        expect((await t.call("DELETE", `/api/company/part/manufacturer/${mp}/`, undefined, "staff")).status).toBe(204);
        const after = await t.call("GET", `/api/company/part/${sp}/`);
        expect(after.body.manufacturer_part).toBeNull();
        expect(after.body.MPN).toBe("BME280-Y");
        expect((await t.call("GET", `/api/company/part/manufacturer/${mp}/`)).status).toBe(404);
      });

      test("python bulkDelete: DELETE on the list with items or filters", async () => {
        // inventree-python base.py:397-427 BulkDeleteMixin.bulkDelete(items=…, filters=…).
        const left = (await t.call("GET", `/api/company/part/manufacturer/?part=${part}`)).body as { pk: number }[];
        const r = await t.call("DELETE", "/api/company/part/manufacturer/", { items: left.map((x) => x.pk) }, "staff");
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ success: `Deleted ${left.length} items` });
        const sp2 = await t.call("DELETE", "/api/company/part/", { filters: { SKU: "PLAIN-1" } }, "staff");
        expect(sp2.body).toEqual({ success: "Deleted 1 items" });
        expect((await t.call("DELETE", "/api/company/part/", {}, "staff")).status).toBe(400);
      });
    });
  });
});
