// The LCSC QR plugin (plugins-wasm/lcsc-qr, AssemblyScript): decoding straight through
// @extism/extism with fake host functions, then end to end through the server on the demo data.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import createPlugin, { type CallContext, type Plugin } from "@extism/extism";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { BarcodeScanOutput, PluginManifest } from "../plugin-sdk/schema/index.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type FakeHandler, type HostCall, PLUGINS_DIR, pluginBytes } from "./support/fake-host.ts";
import { pluginsDir } from "./support/plugins.ts";

const ROOT = join(import.meta.dir, "..");
const SLUG = "lcsc-qr";

// Real-looking labels: InvenTree's test code, and a reel of RP2040s.
const INVENTREE_CODE = "{pbn:PICK2009291337,on:SO2009291337,pc:C312270,pm:ST-1-102-A01-T000-RS,qty:2,mc:,cc:1,pdi:34421807}";
const RP2040_CODE = "{pbn:PICK2301050031,on:WM2301050078,pc:C2040,pm:RP2040,qty:10,mc:,cc:1,pdi:80410836,hp:null,wc:ZH}";

const checkOutput = TypeCompiler.Compile(BarcodeScanOutput);
const scanInput = (barcode: string) => JSON.stringify({ barcode, hash: "0".repeat(32), context: { user: null } });

beforeAll(() => {
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "bun"), [join(ROOT, "scripts", "build-plugins.ts"), join(PLUGINS_DIR, SLUG)], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}, 600_000);

/** One plugin instance reused for many calls (as the server does), with fake host functions. */
class FakeHost {
  calls: HostCall[] = [];
  handlers: Record<string, FakeHandler>;
  private plugin: Plugin | null = null;

  constructor(handlers: Record<string, FakeHandler> = {}) {
    this.handlers = handlers;
  }

  async scan(barcode: string): Promise<{ output: unknown; error: string | null }> {
    if (!this.plugin) {
      const fn = (cp: CallContext, off: bigint) => {
        const request = JSON.parse(cp.read(off)?.text() ?? "") as Record<string, unknown>;
        this.calls.push({ fn: "bv_search", request });
        const handler = this.handlers.bv_search ?? (() => ({ ok: true, data: { count: 0, next: null, previous: null, results: [] } }));
        return cp.store(JSON.stringify(handler(request)));
      };
      this.plugin = await createPlugin({ wasm: [{ data: pluginBytes(SLUG) }] }, { useWasi: false, runInWorker: false, functions: { "extism:host/user": { bv_search: fn } } });
    }
    try {
      const out = await this.plugin.call("barcode_scan", scanInput(barcode));
      const output: unknown = out ? JSON.parse(out.text()) : null;
      // Whatever the plugin answers must be valid ABI output: the server refuses anything else.
      expect([...checkOutput.Errors(output)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
      return { output, error: null };
    } catch (e) {
      return { output: null, error: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.plugin?.close();
    this.plugin = null;
  }
}

type Row = Record<string, unknown>;
const page = (results: Row[]) => ({ ok: true as const, data: { count: results.length, next: null, previous: null, results } });

/** A small fake inventory answering bv_search like the host: LCSC is company 7, another supplier 8. */
function inventory(over: Partial<Record<string, FakeHandler>> = {}): FakeHandler {
  const companies = [{ pk: 7, name: "LCSC" }, { pk: 9, name: "LCSC Electronics Resellers" }];
  const supplierParts = [
    { pk: 31, SKU: "C2040", MPN: "RP2040", supplier: 7 },
    { pk: 32, SKU: "C312270", MPN: "ST-1-102-A01-T000-RS", supplier: 7 },
    { pk: 33, SKU: "C2040", MPN: "RP2040", supplier: 8 }, // the same SKU at another supplier
    { pk: 34, SKU: "C99999", MPN: "ONLY-BY-MPN", supplier: 7 },
  ];
  const orders = [
    { pk: 1, supplier: 7, supplier_reference: "WM2301050078-OLD" },
    { pk: 2, supplier: 7, supplier_reference: "WM2301050078" },
    { pk: 3, supplier: 7, supplier_reference: "" },
  ];
  const lines = [
    { pk: 101, order: 1, part: 31, quantity: 10, received: 0 },
    { pk: 102, order: 3, part: 31, quantity: 5, received: 5 },
    { pk: 103, order: 2, part: 31, quantity: 10, received: 0 },
    { pk: 104, order: 3, part: 32, quantity: 2, received: 2 },
  ];
  const handlers: Record<string, FakeHandler> = {
    company: (req) => page(companies.filter((c) => c.name.includes(String(req.search ?? "")))),
    supplierpart: (req) => {
      const f = (req.filters ?? {}) as Row;
      return page(supplierParts.filter((s) => (f.SKU === undefined || s.SKU === f.SKU) && (f.MPN === undefined || s.MPN === f.MPN) && (f.supplier === undefined || s.supplier === f.supplier)));
    },
    purchaseorder: (req) => {
      const f = (req.filters ?? {}) as Row;
      return page(orders.filter((o) => o.supplier_reference.includes(String(req.search ?? "")) && (f.supplier === undefined || o.supplier === f.supplier)));
    },
    purchaseorderline: (req) => {
      const f = (req.filters ?? {}) as Row;
      return page(lines.filter((l) => l.part === f.part));
    },
    ...over,
  };
  return (req) => {
    const h = handlers[String(req.model)];
    return h ? h(req) : { ok: false, error: `unknown model ${String(req.model)}` };
  };
}

describe("lcsc-qr manifest and module", () => {
  test("plugin.json matches the ABI and its pattern admits LCSC codes, with or without braces, and nothing else here", () => {
    const manifest = JSON.parse(readFileSync(join(PLUGINS_DIR, SLUG, "plugin.json"), "utf8")) as { slug: string; permissions: string[]; kinds: { barcode: { patterns: string[] } } };
    expect([...TypeCompiler.Compile(PluginManifest).Errors(manifest)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    expect(manifest.slug).toBe(SLUG);
    expect(manifest.permissions).toEqual(["bv_search"]);
    const patterns = manifest.kinds.barcode.patterns.map((p) => new RegExp(p, "u"));
    const admitted = (code: string) => patterns.some((p) => p.test(code));
    for (const code of [INVENTREE_CODE, RP2040_CODE, RP2040_CODE.slice(1, -1), "{ pc : C2040 }", "qty:10,pc:C2040"]) expect(admitted(code)).toBe(true);
    for (const code of ['{"stockitem": 12}', "INV-SI12", "QTY:1 PN:WBP-302 PO:19361337/1", "[)>\x1e06\x1dP296-LM358BIDDFRCT-ND\x1dQ10"]) expect(admitted(code)).toBe(false);
  });

  test("imports only the kernel and bv_search, exports barcode_scan", () => {
    const module = new WebAssembly.Module(pluginBytes(SLUG));
    const user = WebAssembly.Module.imports(module).filter((i) => i.module !== "extism:host/env");
    expect(user.map((i) => `${i.module}.${i.name}`)).toEqual(["extism:host/user.bv_search"]);
    expect(WebAssembly.Module.exports(module).some((e) => e.name === "barcode_scan" && e.kind === "function")).toBe(true);
  });
});

describe("lcsc-qr decoding (fake host)", () => {
  let host: FakeHost;
  beforeAll(() => {
    host = new FakeHost({ bv_search: inventory() });
  });
  afterAll(() => host.close());
  const supplierOf = async (code: string) => {
    const r = await host.scan(code);
    expect(r.error).toBeNull();
    return (r.output as { supplier?: Row }).supplier;
  };

  test("InvenTree's LCSC test code: pc is the SKU, pm the MPN, qty the quantity, on the order number", async () => {
    const r = await host.scan(INVENTREE_CODE);
    expect(r.output).toEqual({
      match: true,
      supplier: { supplier: "LCSC", sku: "C312270", mpn: "ST-1-102-A01-T000-RS", quantity: 2, purchase_order: "SO2009291337", supplier_part: 32, purchase_order_line: 104 },
    });
  });

  test("resolves the LCSC company, the supplier part of that supplier, and prefers the line whose order carries the LCSC order number", async () => {
    host.calls = [];
    const r = await host.scan(RP2040_CODE);
    expect(r.output).toEqual({
      match: true,
      supplier: { supplier: "LCSC", sku: "C2040", mpn: "RP2040", quantity: 10, purchase_order: "WM2301050078", supplier_part: 31, purchase_order_line: 103 },
    });
    expect(host.calls.map((c) => c.request)).toEqual([
      { model: "company", search: "LCSC", filters: { is_supplier: true }, limit: 20 },
      { model: "supplierpart", filters: { SKU: "C2040", supplier: 7 }, limit: 2 },
      { model: "purchaseorderline", filters: { part: 31, pending: true }, limit: 50 },
      { model: "purchaseorder", search: "WM2301050078", limit: 50, filters: { supplier: 7 } },
    ]);
  });

  test("without an order number the first line still waiting for goods is chosen", async () => {
    const s = await supplierOf("{pc:C2040,qty:5}");
    expect(s).toEqual({ supplier: "LCSC", sku: "C2040", quantity: 5, supplier_part: 31, purchase_order_line: 101 });
  });

  test("an order number no order carries falls back to a line waiting for goods", async () => {
    expect((await supplierOf("{on:WM000,pc:C2040}"))?.purchase_order_line).toBe(101);
  });

  test("braces missing, spaces around separators and another key order decode the same", async () => {
    const expected = await supplierOf(RP2040_CODE);
    for (const code of [
      RP2040_CODE.slice(1, -1),
      "{ pbn : PICK2301050031 , on:WM2301050078,  pc: C2040 ,pm :RP2040, qty : 10 , mc: , cc:1,pdi:80410836,hp:null,wc:ZH }",
      "  {wc:ZH,qty:10,pm:RP2040,pc:C2040,on:WM2301050078,pbn:PICK2301050031}\n",
      "qty:10,pc:C2040,pm:RP2040,on:WM2301050078",
    ]) {
      expect(await supplierOf(code)).toEqual(expected);
    }
  });

  test("a value holding ':' keeps everything after the first ':'; one holding ',' keeps its comma", async () => {
    expect((await supplierOf("{pc:C2040,pm:RP2040:REV-B2,qty:1}"))?.mpn).toBe("RP2040:REV-B2");
    expect((await supplierOf("{pc:C2040,pm:RES 10K,1%,qty:1}"))?.mpn).toBe("RES 10K,1%");
  });

  test("empty values and LCSC's null are absent fields; unknown keys are ignored", async () => {
    expect(await supplierOf("{pbn:,on:,pc:C2040,pm:,qty:,mc:,hp:null}")).toEqual({ supplier: "LCSC", sku: "C2040", supplier_part: 31, purchase_order_line: 101 });
    expect(await supplierOf("{pc:C2040,pm:null,zz:9,new_field:x:y,qty:3}")).toEqual({ supplier: "LCSC", sku: "C2040", quantity: 3, supplier_part: 31, purchase_order_line: 101 });
  });

  test("a repeated key keeps its first value", async () => {
    expect((await supplierOf("{pc:C2040,qty:4,qty:9}"))?.quantity).toBe(4);
  });

  test("non-ASCII text survives the round trip (UTF-8 both ways)", async () => {
    const s = await supplierOf("{pc:C2040,pm:Widerstand 10 kΩ ±1% — 東京 🔌,on:Bestellung-Ü1}");
    expect(s?.mpn).toBe("Widerstand 10 kΩ ±1% — 東京 🔌");
    expect(s?.purchase_order).toBe("Bestellung-Ü1");
  });

  test("an unknown SKU decodes without pks; an SKU shared by two suppliers is not guessed without the LCSC company", async () => {
    expect(await supplierOf("{pc:C1,pm:NOPE,qty:1}")).toEqual({ supplier: "LCSC", sku: "C1", mpn: "NOPE", quantity: 1 });
    const noCompany = new FakeHost({ bv_search: inventory({ company: () => page([]) }) });
    const r = await noCompany.scan("{pc:C2040,pm:RP2040}");
    expect(r.output).toEqual({ match: true, supplier: { supplier: "LCSC", sku: "C2040", mpn: "RP2040" } });
    expect((await noCompany.scan("{pc:C312270}")).output).toMatchObject({ supplier: { supplier_part: 32 } }); // one match: taken
    await noCompany.close();
  });

  test("falls back to the MPN at LCSC when the SKU finds nothing", async () => {
    expect(await supplierOf("{pc:C123456,pm:ONLY-BY-MPN}")).toEqual({ supplier: "LCSC", sku: "C123456", mpn: "ONLY-BY-MPN", supplier_part: 34 });
  });

  test("damaged LCSC codes are errors: truncated without pc, no pc, a quantity that is not a number", async () => {
    const cases: [string, string][] = [
      ["{pbn:PICK2301050031,on:WM2301050078", "LCSC label is truncated: no part number (pc)"],
      ["{pbn:PICK2301050031,on:WM2301050078,pc:C20", "LCSC label is truncated: no part number (pc)"],
      ["{pc:C2040", "LCSC label is truncated: no part number (pc)"],
      ["{pbn:PICK2301050031,on:WM2301050078,pm:RP2040,qty:10}", "LCSC label has no part number (pc)"],
      ["{pbn:PICK2301050031,pc:,qty:10}", "LCSC label has no part number (pc)"],
      ["{pc:C2040,qty:ten}", "LCSC label has a non-numeric quantity: ten"],
      ["{pc:C2040,qty:-5}", "LCSC label has a non-numeric quantity: -5"],
      ["{pc:C2040,qty:1e3}", "LCSC label has a non-numeric quantity: 1e3"],
      ["{pc:C2040,qty:1.2.3}", "LCSC label has a non-numeric quantity: 1.2.3"],
    ];
    host.calls = [];
    for (const [code, error] of cases) expect((await host.scan(code)).output).toEqual({ error });
    expect(host.calls).toEqual([]); // nothing is looked up for a damaged label
  });

  test("a truncated code keeps only its complete fields: a cut quantity is dropped, never misread", async () => {
    expect(await supplierOf("{pbn:PICK2301050031,on:WM2301050078,pc:C2040,pm:RP2040,qty:1")).toEqual({
      supplier: "LCSC",
      sku: "C2040",
      mpn: "RP2040",
      purchase_order: "WM2301050078",
      supplier_part: 31,
      purchase_order_line: 103,
    });
  });

  test("every cut of a real code (start or end) answers no match, an error, or the right fields; never a trap", async () => {
    for (let n = 0; n <= RP2040_CODE.length; n++) {
      for (const code of [RP2040_CODE.slice(0, n), RP2040_CODE.slice(n)]) {
        const r = await host.scan(code);
        expect(r.error).toBeNull();
        const out = r.output as { match?: boolean; error?: string; supplier?: Row };
        if (out.match !== true) continue;
        expect(out.supplier?.sku).toBe("C2040");
        if (out.supplier?.quantity !== undefined) expect(out.supplier.quantity).toBe(10);
        if (out.supplier?.mpn !== undefined) expect(out.supplier.mpn).toBe("RP2040");
        if (out.supplier?.purchase_order !== undefined) expect(out.supplier.purchase_order).toBe("WM2301050078");
      }
    }
  });

  test("data that is not an LCSC code is no match, without host calls", async () => {
    const others = [
      "",
      "   ",
      "hello",
      "C2040",
      "{}",
      "{:}",
      "{,,,}",
      "{pc}",
      ":C2040",
      "random:text",
      "{mc:,cc:1}x",
      "on:ABC,cc:DE",
      "{on:WM2301050078,wc:ZH",
      '{"stockitem": 12}',
      '{"pc": "C2040", "qty": 10}',
      "INV-SI12",
      "QTY:1 PN:WBP-302 PO:19361337/1 CPO:PO-2023-06-08-001337 MFR:WISHERENTERPRISE MPN:WBP-302 RoHS https://www.tme.eu/details/WBP-302",
      "[)>\x1e06\x1dP296-LM358BIDDFRCT-ND\x1d1PLM358BIDDFR\x1dK\x1d1K72991337\x1dQ10",
      "{PBN:PICK2301050031,PC:C2040,QTY:10}",
      "garbage,pc:C2040,qty:1",
      "\u0000\u0001\u0002{pc",
      "😀".repeat(500),
    ];
    host.calls = [];
    for (const code of others) expect([code, (await host.scan(code)).output]).toEqual([code, { match: false }]);
    expect(host.calls).toEqual([]);
  });

  test("random bytes and long inputs never trap", async () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = "{}:,pcqtyonm C0123456789 \t\n\u00e9\u4e2d";
    for (let i = 0; i < 200; i++) {
      const len = rand() % 80;
      let code = "";
      for (let k = 0; k < len; k++) code += alphabet[rand() % alphabet.length];
      const r = await host.scan(code);
      expect([code, r.error]).toEqual([code, null]);
    }
    const long = `{pc:C2040,pm:${"x".repeat(4000)},qty:1}`;
    expect((await supplierOf(long))?.mpn).toBe("x".repeat(4000));
  });
});

describe("lcsc-qr when the host fails", () => {
  test("every search failing: the decoded fields without pks", async () => {
    const host = new FakeHost({ bv_search: () => ({ ok: false, error: "database is locked" }) });
    const r = await host.scan(RP2040_CODE);
    expect(r.output).toEqual({ match: true, supplier: { supplier: "LCSC", sku: "C2040", mpn: "RP2040", quantity: 10, purchase_order: "WM2301050078" } });
    await host.close();
  });

  test("only the line lookups failing: the supplier part without a line", async () => {
    for (const over of [{ purchaseorderline: () => ({ ok: false as const, error: "no" }) }, { purchaseorder: () => ({ ok: false as const, error: "no" }) }]) {
      const host = new FakeHost({ bv_search: inventory(over) });
      const r = await host.scan(RP2040_CODE);
      expect((r.output as { supplier: Row }).supplier).toEqual({ supplier: "LCSC", sku: "C2040", mpn: "RP2040", quantity: 10, purchase_order: "WM2301050078", supplier_part: 31 });
      await host.close();
    }
  });

  test("answers without results do not crash it, and a later call on the same instance resolves again", async () => {
    let broken = true;
    const good = inventory();
    const host = new FakeHost({
      bv_search: (req) => (broken ? ({ ok: true, data: { count: 3 } } as unknown as ReturnType<FakeHandler>) : good(req)),
    });
    expect((await host.scan(RP2040_CODE)).output).toEqual({ match: true, supplier: { supplier: "LCSC", sku: "C2040", mpn: "RP2040", quantity: 10, purchase_order: "WM2301050078" } });
    broken = false;
    expect((await host.scan(RP2040_CODE)).output).toMatchObject({ supplier: { supplier_part: 31, purchase_order_line: 103 } });
    await host.close();
  });

  test("input that is not a barcode_scan request is the call's error", async () => {
    const plugin = await createPlugin({ wasm: [{ data: pluginBytes(SLUG) }] }, { useWasi: false, runInWorker: false, functions: { "extism:host/user": { bv_search: (cp: CallContext) => cp.store("{}") } } });
    await expect(plugin.call("barcode_scan", "{not json")).rejects.toThrow("input is not JSON");
    await expect(plugin.call("barcode_scan", '{"barcode": 5}')).rejects.toThrow("input has no barcode string");
    await plugin.close();
  });
});

describe("lcsc-qr end to end on the demo data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, pluginsDir: pluginsDir({ examples: [SLUG] }) });
  });
  afterAll(() => t.close());

  const scan = async (code: string) => {
    const r = await t.services.plugins.scanBarcode(code, "0".repeat(32), { user: null });
    return r;
  };

  /** The demo's LCSC company and its supplier part for SKU C25804 (Resistor 10k 0603). */
  async function demoPart(): Promise<{ lcsc: number; sp: number }> {
    const companies = (await t.call("GET", "/api/company/?search=LCSC")).body as { pk: number; name: string }[];
    const lcsc = companies.find((c) => c.name === "LCSC")?.pk;
    const parts = (await t.call("GET", `/api/company/part/?SKU=C25804&supplier=${lcsc}`)).body as { pk: number }[];
    if (!lcsc || parts.length !== 1) throw new Error("demo data has no LCSC part C25804");
    return { lcsc, sp: parts[0].pk };
  }

  test("the plugin loads as a barcode plugin", async () => {
    const r = await t.call("GET", "/api/plugins/");
    const me = (r.body as { key: string; loaded: boolean; error: string | null }[]).find((p) => p.key === SLUG);
    expect(me).toMatchObject({ loaded: true, error: null });
  });

  test("the demo LCSC SKU C25804 resolves its supplier part", async () => {
    const { sp } = await demoPart();
    const r = await scan("{pbn:PICK2301050031,on:WM2301050078,pc:C25804,pm:RC0603FR-0710KL,qty:500,mc:,cc:1,pdi:80410836,hp:null,wc:ZH}");
    expect(r).toEqual({
      slug: SLUG,
      output: { match: true, supplier: { supplier: "LCSC", sku: "C25804", mpn: "RC0603FR-0710KL", quantity: 500, purchase_order: "WM2301050078", supplier_part: sp } },
    });
  });

  test("an open LCSC order carrying the order number gives its line, over another open order's line", async () => {
    const { lcsc, sp } = await demoPart();
    const order = async (reference: string, supplier_reference: string) => {
      const po = await t.call("POST", "/api/order/po/", { reference, supplier: lcsc, supplier_reference }, "staff");
      expect(po.status).toBe(201);
      const line = await t.call("POST", "/api/order/po-line/", { order: po.body.pk, part: sp, quantity: 1000 }, "staff");
      expect(line.status).toBe(201);
      return line.body.pk as number;
    };
    // Free-form references: a "PO-{ref}" pattern instead of InvenTree's default "PO-{ref:04d}".
    expect((await t.call("PATCH", "/api/settings/global/PURCHASEORDER_REFERENCE_PATTERN/", { value: "PO-{ref}" })).status).toBe(200);
    const other = await order("PO-LCSC-1", "WM0000000001");
    const mine = await order("PO-LCSC-2", "WM2301050078");
    expect((await scan("{on:WM2301050078,pc:C25804,qty:500}"))?.output).toMatchObject({ supplier: { supplier_part: sp, purchase_order_line: mine } });
    expect((await scan("{pc:C25804,qty:500}"))?.output).toMatchObject({ supplier: { supplier_part: sp, purchase_order_line: other } });
  });

  test("a host refusal (an SKU longer than the filter allows) decodes without pks, and the next scan resolves again", async () => {
    const long = `C${"9".repeat(150)}`;
    expect((await scan(`{pc:${long},qty:1}`))?.output).toEqual({ match: true, supplier: { supplier: "LCSC", sku: long, quantity: 1 } });
    expect((await scan("{pc:C2040,pm:RP2040}"))?.output).toMatchObject({ supplier: { sku: "C2040", supplier_part: expect.any(Number) } });
  });

  test("damaged and foreign codes: an error, or no plugin decides", async () => {
    expect(await scan("{pbn:PICK2301050031,on:WM2301050078")).toEqual({ slug: SLUG, output: { error: "LCSC label is truncated: no part number (pc)" } });
    expect(await scan("INV-SI12")).toBeNull();
    expect(await scan("{pc:C25804,qty:many}")).toEqual({ slug: SLUG, output: { error: "LCSC label has a non-numeric quantity: many" } });
  });
});
