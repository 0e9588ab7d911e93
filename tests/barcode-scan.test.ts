/**
 * POST /api/barcode/: InvenTree's test_inventree_barcode.py scan cases (JSON, short, third-party),
 * the scan order (native, linked, WASM plugins), input validation and the response shapes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type BarcodeObjects, makeBarcodeObjects } from "./support/factory-barcode.ts";
import { makeStockItem } from "./support/factory.ts";
import { pluginsDir } from "./support/plugins.ts";

let t: TestApp;
let o: BarcodeObjects;
const scan = (body: unknown, as: "readonly" | "staff" | "superuser" | null = "readonly") => t.call("POST", "/api/barcode/", body, as);
const setPlugin = (key: string, value: string) => t.call("PATCH", `/api/plugins/inventreebarcode/settings/${key}/`, { value });

beforeAll(async () => {
  t = await makeTestApp({ pluginsDir: pluginsDir({ fixtures: ["barcode-abc", "barcode-none"] }) });
  o = await makeBarcodeObjects(t.services.database);
});
afterAll(() => t.close());

describe("native JSON barcodes (test_scan_inventree_json)", () => {
  test("an object that does not exist is no match: 400 with error, barcode_data and barcode_hash", async () => {
    const r = await scan({ barcode: '{"stockitem": 999}' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ plugin: null, barcode_data: '{"stockitem": 999}', barcode_hash: expect.stringMatching(/^[0-9a-f]{32}$/), error: "No match found for barcode data" });
  });

  test("a stock item: model key with pk, api_url, web_url and the serialized instance", async () => {
    const r = await scan({ barcode: `{"stockitem": ${o.stockitem}}` });
    expect(r.status).toBe(200);
    expect(r.body.success).toBe("Match found for barcode data");
    expect(r.body.plugin).toBe("InvenTreeBarcode");
    expect(r.body.stockitem).toMatchObject({ pk: o.stockitem, api_url: `/api/stock/${o.stockitem}/`, web_url: `/web/stock/item/${o.stockitem}` });
    expect(r.body.stockitem.instance.pk).toBe(o.stockitem);
    expect(r.body.stockitem.instance.part).toBe(o.part);
    expect(r.body.barcode_data).toBe(`{"stockitem": ${o.stockitem}}`);
  });

  test("each of the seven models scans to its own key and detail URL", async () => {
    const api: Record<keyof BarcodeObjects, string> = {
      part: "/api/part/",
      stockitem: "/api/stock/",
      stocklocation: "/api/stock/location/",
      supplierpart: "/api/company/part/",
      purchaseorder: "/api/order/po/",
      salesorder: "/api/order/so/",
      salesordershipment: "/api/order/so/shipment/",
    };
    for (const [model, pk] of Object.entries(o) as [keyof BarcodeObjects, number][]) {
      const r = await scan({ barcode: JSON.stringify({ [model]: pk }) });
      expect(r.status).toBe(200);
      expect(r.body[model]).toMatchObject({ pk, api_url: `${api[model]}${pk}/` });
      expect(r.body[model].instance.pk).toBe(pk);
      // The API URL really is the object's detail route.
      expect((await t.call("GET", r.body[model].api_url)).body.pk).toBe(pk);
    }
  });

  test("string pks are accepted as Python's int() accepts them; other keys are ignored", async () => {
    expect((await scan({ barcode: `{"stocklocation": "${o.stocklocation}"}` })).body.stocklocation.pk).toBe(o.stocklocation);
    expect((await scan({ barcode: `{"foo": 1, "part": ${o.part}}` })).body.part.pk).toBe(o.part);
    expect((await scan({ barcode: '{"part": "abc"}' })).status).toBe(400);
    expect((await scan({ barcode: "[1, 2]" })).status).toBe(400);
  });
});

describe("native short barcodes (test_scan_inventree_short)", () => {
  test("INV-SI<pk>, INV-SL<pk>, INV-PA<pk>; a missing object is no match", async () => {
    expect((await scan({ barcode: "INV-SI999" })).status).toBe(400);
    expect((await scan({ barcode: `INV-SI${o.stockitem}` })).body.stockitem.pk).toBe(o.stockitem);
    const loc = await scan({ barcode: `INV-SL${o.stocklocation}` });
    expect(loc.body.stocklocation).toMatchObject({ pk: o.stocklocation, api_url: `/api/stock/location/${o.stocklocation}/` });
    expect(loc.body.plugin).toBe("InvenTreeBarcode");
    expect((await scan({ barcode: `INV-PA${o.part}` })).body.part.pk).toBe(o.part);
    for (const [code, model] of [["SP", "supplierpart"], ["PO", "purchaseorder"], ["SO", "salesorder"], ["SS", "salesordershipment"]] as const) {
      expect((await scan({ barcode: `INV-${code}${o[model]}` })).body[model].pk).toBe(o[model]);
    }
  });

  test("a custom prefix replaces INV-; an empty prefix is allowed", async () => {
    try {
      expect((await setPlugin("SHORT_BARCODE_PREFIX", "TEST")).status).toBe(200);
      expect((await scan({ barcode: `TESTSP${o.supplierpart}` })).body.supplierpart.pk).toBe(o.supplierpart);
      expect((await scan({ barcode: `INV-SP${o.supplierpart}` })).status).toBe(400);
      expect((await setPlugin("SHORT_BARCODE_PREFIX", "")).status).toBe(200);
      expect((await t.call("GET", "/api/plugins/inventreebarcode/settings/SHORT_BARCODE_PREFIX/")).body.value).toBe("");
      expect((await scan({ barcode: `SI${o.stockitem}` })).body.stockitem.pk).toBe(o.stockitem);
    } finally {
      await setPlugin("SHORT_BARCODE_PREFIX", "INV-");
    }
  });

  test("an unknown two-character code is no match", async () => {
    expect((await scan({ barcode: "INV-XX1" })).status).toBe(400);
  });
});

describe("third-party barcodes (test_scan_third_party)", () => {
  test("unknown data is no match; linked data matches its object, case-sensitively", async () => {
    const r = await scan({ barcode: "blbla=10008" });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("No match found for barcode data");
    const item = await makeStockItem(t.services.database, { part: o.part });
    for (const barcode of ["abcde", "ABCDE", "12345"]) {
      expect((await t.call("POST", "/api/barcode/unlink/", { stockitem: item }, "staff")).status).toBe(200);
      expect((await t.call("POST", "/api/barcode/link/", { barcode, stockitem: item }, "staff")).status).toBe(200);
      const s = await scan({ barcode });
      expect(s.status).toBe(200);
      expect(s.body.stockitem.pk).toBe(item);
      expect(s.body.plugin).toBe("InvenTreeBarcode");
    }
    // Control characters and surrounding whitespace do not change the hash.
    expect((await scan({ barcode: "  1234\u0005\u001d5\n" })).body.stockitem.pk).toBe(item);
    expect((await scan({ barcode: "abcde" })).status).toBe(400); // unlinked when 12345 was linked
    await t.call("POST", "/api/barcode/unlink/", { stockitem: item }, "staff");
  });
});

describe("WASM barcode plugins after native and linked barcodes", () => {
  test("a plugin whose pattern matches answers; native barcodes never reach plugins", async () => {
    const r = await scan({ barcode: "ABC-anything" });
    expect(r.status).toBe(200);
    expect(r.body.plugin).toBe("Barcode ABC");
    expect(r.body.stockitem.pk).toBe(1);
    expect(r.body.success).toBe("Match found for barcode data");
    const stats = async () => (await t.call("GET", "/api/plugins/barcode-none/")).body.stats.calls as number;
    const before = await stats();
    expect((await scan({ barcode: `{"part": ${o.part}}` })).body.plugin).toBe("InvenTreeBarcode");
    expect(await stats()).toBe(before);
    // A barcode nobody recognises went through barcode-none (no patterns) and still is no match.
    expect((await scan({ barcode: "nothing-here" })).status).toBe(400);
    expect(await stats()).toBe(before + 1);
  });

  test("a linked barcode wins over a plugin pattern", async () => {
    await t.call("POST", "/api/barcode/link/", { barcode: "ABC-linked", part: o.part }, "staff");
    const r = await scan({ barcode: "ABC-linked" });
    expect(r.body.plugin).toBe("InvenTreeBarcode");
    expect(r.body.part.pk).toBe(o.part);
    await t.call("POST", "/api/barcode/unlink/", { part: o.part }, "staff");
  });
});

describe("input", () => {
  test("missing, null, blank, wrong type and over-long barcodes are 400 naming barcode", async () => {
    expect((await scan({})).body).toEqual({ barcode: ["This field is required."] });
    expect((await scan({ barcode: null })).body).toEqual({ barcode: ["This field may not be null."] });
    expect((await scan({ barcode: "   " })).body).toEqual({ barcode: ["This field may not be blank."] });
    expect((await scan({ barcode: { a: 1 } })).body).toEqual({ barcode: ["Not a valid string."] });
    expect((await scan({ barcode: "x".repeat(4096) })).body).toEqual({ barcode: ["Ensure this field has no more than 4095 characters."] });
    // The cap applies after stripping, as DRF's CharField does.
    expect((await scan({ barcode: ` ${"x".repeat(4095)} ` })).body.error).toBe("No match found for barcode data");
  });

  test("the older barcode_data field and numeric barcodes are accepted; data is stripped", async () => {
    expect((await scan({ barcode_data: `INV-PA${o.part}` })).body.part.pk).toBe(o.part);
    const r = await scan({ barcode: `  INV-PA${o.part}\t` });
    expect(r.body.barcode_data).toBe(`INV-PA${o.part}`);
    expect((await scan({ barcode: 12345 })).body.barcode_data).toBe("12345");
  });

  test("any signed-in user may scan; anonymous is 401", async () => {
    expect((await scan({ barcode: `INV-PA${o.part}` }, null)).status).toBe(401);
    expect((await scan({ barcode: `INV-PA${o.part}` }, "readonly")).status).toBe(200);
  });
});
