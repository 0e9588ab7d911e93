/**
 * Linking, unlinking and generating barcodes: InvenTree's test_inventree_barcode.py (assign/unassign
 * errors, stock item / part / location assignment with its hash vectors, generation in both formats).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type BarcodeObjects, makeBarcodeObjects } from "./support/factory-barcode.ts";
import { makeLocation, makePart } from "./support/factory.ts";

let t: TestApp;
let o: BarcodeObjects;
type Who = "readonly" | "staff" | "superuser" | null;
const link = (body: unknown, as: Who = "staff") => t.call("POST", "/api/barcode/link/", body, as);
const unlink = (body: unknown, as: Who = "staff") => t.call("POST", "/api/barcode/unlink/", body, as);
const scan = (barcode: string) => t.call("POST", "/api/barcode/", { barcode }, "readonly");
const generate = (model: string, pk: unknown, as: Who = "readonly") => t.call("POST", "/api/barcode/generate/", { model, pk }, as);
const setPlugin = (key: string, value: string) => t.call("PATCH", `/api/plugins/inventreebarcode/settings/${key}/`, { value });

beforeAll(async () => {
  t = await makeTestApp();
  o = await makeBarcodeObjects(t.services.database);
});
afterAll(() => t.close());

describe("link (BarcodeAssign)", () => {
  test("a barcode that already matches an object is refused with that object and the plugin", async () => {
    for (const barcode of [`{"stockitem": ${o.stockitem}}`, `{"stocklocation": ${o.stocklocation}}`, `{"part": ${o.part}}`]) {
      const r = await link({ barcode, stockitem: o.stockitem });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("Barcode matches existing item");
      expect(r.body.plugin).toBe("InvenTreeBarcode");
      expect(r.body.barcode_data).toBe(barcode);
    }
  });

  test("no model field: 400 Missing data; a read-only user: 403 and nothing written", async () => {
    const r = await link({ barcode: "abcde" });
    expect(r.status).toBe(400);
    expect(r.body.error).toContain("Missing data: provide one of");
    const denied = await link({ barcode: "abcdefg", part: o.part, stockitem: o.stockitem }, "readonly");
    expect(denied.status).toBe(403);
    expect(denied.body.error).toContain("You do not have the required permissions");
    expect((await scan("abcdefg")).status).toBe(400);
    expect((await link({ barcode: "abcdefg", part: o.part }, null)).status).toBe(401);
  });

  test("two model fields: the first in model order (part) gets it", async () => {
    const r = await link({ barcode: "abcdefg", part: o.part, stockitem: o.stockitem });
    expect(r.status).toBe(200);
    expect(r.body.success).toBe("Assigned barcode to part instance");
    expect(r.body.part).toEqual({ pk: o.part });
    await unlink({ part: o.part });
  });

  test("stock item: stored data and InvenTree's hash; the same barcode cannot go elsewhere; unlink clears it", async () => {
    const data = '{"blbla": 10007}';
    const r = await link({ barcode: data, stockitem: o.stockitem });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ barcode_data: data, barcode_hash: "2f5dba5c83a360599ba7665b2a4131c6", stockitem: { pk: o.stockitem } });
    const item = (await t.call("GET", `/api/stock/${o.stockitem}/`)).body;
    expect(item.barcode_hash).toBe("2f5dba5c83a360599ba7665b2a4131c6");
    const again = await link({ barcode: data, stockitem: o.stockitem });
    expect(again.body.error).toBe("Barcode matches existing item");
    expect(again.body.stockitem.pk).toBe(o.stockitem);
    expect((await unlink({ stockitem: o.stockitem })).body).toEqual({ success: "Barcode unassigned from stockitem instance" });
    expect((await t.call("GET", `/api/stock/${o.stockitem}/`)).body.barcode_hash).toBe("");
  });

  test("part: unknown pk is a field error; xyz-123 hashes to InvenTree's value and then scans", async () => {
    expect((await scan("xyz-123")).status).toBe(400);
    const bad = await link({ barcode: "xyz-123", part: 99999999 });
    expect(bad.status).toBe(400);
    expect(bad.body.part[0]).toContain("object does not exist");
    const r = await link({ barcode: "xyz-123", part: o.part });
    expect(r.body).toMatchObject({ success: "Assigned barcode to part instance", part: { pk: o.part }, barcode_hash: "bc39d07e9a395c7b5658c231bf910fae" });
    const s = await scan("xyz-123");
    expect(s.body.plugin).toBe("InvenTreeBarcode");
    expect(s.body.part.pk).toBe(o.part);
    const other = await makePart(t.services.database);
    expect((await link({ barcode: "xyz-123", part: other })).body.error).toBe("Barcode matches existing item");
    await unlink({ part: o.part });
    expect((await scan("xyz-123")).status).toBe(400);
  });

  test("location: 403 for read-only, then linked with InvenTree's hash; a second location is refused", async () => {
    const barcode = "555555555555555555555555";
    expect((await link({ barcode, stocklocation: o.stocklocation }, "readonly")).status).toBe(403);
    const r = await link({ barcode, stocklocation: o.stocklocation });
    expect(r.status).toBe(200);
    expect(r.body.barcode_hash).toBe("4aa63f5e55e85c1f842796bf74896dbb");
    expect((await link({ barcode, stocklocation: await makeLocation(t.services.database) })).body.error).toBe("Barcode matches existing item");
    await unlink({ stocklocation: o.stocklocation });
  });

  test("every model can be linked, scanned and unlinked", async () => {
    for (const [model, pk] of Object.entries(o)) {
      const barcode = `third-party-${model}`;
      expect((await link({ barcode, [model]: pk })).status).toBe(200);
      expect((await scan(barcode)).body[model].pk).toBe(pk);
      expect((await unlink({ [model]: pk })).status).toBe(200);
      expect((await scan(barcode)).status).toBe(400);
    }
  });

  test("blank and over-long barcodes are field errors", async () => {
    expect((await link({ barcode: " ", part: o.part })).body).toEqual({ barcode: ["This field may not be blank."] });
    expect((await link({ part: o.part })).body).toEqual({ barcode: ["This field is required."] });
    expect((await link({ barcode: "y".repeat(4096), part: o.part })).body.barcode).toBeDefined();
  });
});

describe("unlink (BarcodeUnassign) errors", () => {
  test("no fields, several fields, wrong type, unknown pk, read-only user", async () => {
    expect((await unlink({})).body.error).toContain("Missing data: Provide one of");
    expect((await unlink({ stockitem: o.stockitem, part: o.part })).body.error).toContain("Multiple conflicting fields:");
    expect((await unlink({ stockitem: "invalid" })).body.stockitem[0]).toContain("Incorrect type");
    expect((await unlink({ part: 99999999999 })).body.part[0]).toContain("object does not exist");
    expect((await unlink({ part: o.part }, "readonly")).status).toBe(403);
  });
});

describe("generate", () => {
  test("JSON format by default, with Python's spacing", async () => {
    expect((await generate("stocklocation", o.stocklocation)).body).toEqual({ barcode: `{"stocklocation": ${o.stocklocation}}` });
  });

  test("short format with the default and a custom prefix; every model's code round-trips through a scan", async () => {
    try {
      await setPlugin("INTERNAL_BARCODE_FORMAT", "short");
      expect((await generate("stocklocation", o.stocklocation)).body.barcode).toBe(`INV-SL${o.stocklocation}`);
      await setPlugin("SHORT_BARCODE_PREFIX", "TEST");
      expect((await generate("stocklocation", o.stocklocation)).body.barcode).toBe(`TESTSL${o.stocklocation}`);
      for (const [model, pk] of Object.entries(o)) {
        const code = (await generate(model, pk)).body.barcode as string;
        expect(code).toMatch(/^TEST(PA|SI|SL|SP|PO|SO|SS)\d+$/);
        expect((await scan(code)).body[model].pk).toBe(pk);
      }
    } finally {
      await setPlugin("SHORT_BARCODE_PREFIX", "INV-");
      await setPlugin("INTERNAL_BARCODE_FORMAT", "json");
    }
  });

  test("unsupported model, missing object, bad pk, anonymous", async () => {
    expect((await generate("build", 1)).body).toEqual({ model: ["Model is not supported"] });
    expect((await generate("part", 999999)).body).toEqual({ error: "Model instance not found" });
    const bad = await generate("part", "x");
    expect(bad.status).toBe(400);
    expect(bad.body.pk).toBeDefined();
    expect((await generate("part", o.part, null)).status).toBe(401);
  });

  test("the format setting only takes its choices", async () => {
    const r = await setPlugin("INTERNAL_BARCODE_FORMAT", "qr");
    expect(r.status).toBe(400);
    expect(r.body.value).toBeDefined();
  });
});
