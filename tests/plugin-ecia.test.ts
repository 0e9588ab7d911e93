// The ecia-datamatrix plugin (Rust): ECIA / ISO-IEC 15434 format 06 labels as DigiKey and Mouser
// print them, and as scanners mangle them. (a) straight through @extism/extism with a fake
// bv_search; (b) end to end through the real plugin host on the demo data.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import createPlugin, { type CallContext, type Plugin } from "@extism/extism";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { BarcodeScanOutput, PluginManifest } from "../plugin-sdk/schema/index.ts";
import { barcodeHash } from "../server/core/barcode-hash.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type FakeHandler, type HostCall, PLUGINS_DIR, pluginBytes } from "./support/fake-host.ts";
import { pluginsDir } from "./support/plugins.ts";

const SLUG = "ecia-datamatrix";
const DIR = join(PLUGINS_DIR, SLUG);
const RS = "\x1e";
const GS = "\x1d";
const EOT = "\x04";

// Built from InvenTree's supplier barcode test data (test_supplier_barcodes.py).
const DIGIKEY = `[)>${RS}06${GS}P296-LM358BIDDFRCT-ND${GS}1PLM358BIDDFR${GS}K${GS}1K72991337${GS}10K85781337${GS}11K1${GS}4LPH${GS}Q10${GS}11ZPICK${GS}12Z15221337${GS}13Z361337${GS}20Z${"0".repeat(120)}`;
const DIGIKEY_30P = `[)>${RS}06${GS}30P296-LM358BIDDFRCT-ND${GS}K${GS}1K72991337${GS}10K85781337${GS}11K1${GS}4LPH${GS}Q10${GS}11ZPICK${GS}12Z15221337${GS}13Z361337`;
const MOUSER = `[)>${RS}06${GS}KP0-1337${GS}14K011${GS}1PMC34063ADR${GS}Q3${GS}11K073121337${GS}4LMX${GS}1VTI${RS}${EOT}`;
const MOUSER_OLD = `>[)>06${GS}K21421337${GS}14K033${GS}1PLDK320ADU33R${GS}Q32${GS}11K060931337${GS}4LCN${GS}1VSTMicro`;

const DIGIKEY_FIELDS = {
  supplier: "DigiKey",
  sku: "296-LM358BIDDFRCT-ND",
  mpn: "LM358BIDDFR",
  quantity: 10,
  country_of_origin: "PH",
  supplier_order: "72991337",
  invoice: "85781337",
  packing_list: "1",
};

const checkOutput = TypeCompiler.Compile(BarcodeScanOutput);
const scanInput = (barcode: string) => JSON.stringify({ barcode, hash: barcodeHash(barcode), context: { user: null } });

/** One instance of the built plugin, called many times; `handlers` can be swapped between calls. */
class Harness {
  handlers: Record<string, FakeHandler> = {};
  calls: HostCall[] = [];
  private plugin: Plugin | null = null;

  async open(): Promise<void> {
    const bvSearch = (cp: CallContext, off: bigint): bigint => {
      const request = JSON.parse(cp.read(off)?.text() ?? "") as Record<string, unknown>;
      this.calls.push({ fn: "bv_search", request });
      const handler = this.handlers.bv_search ?? (() => ({ ok: true, data: { count: 0, results: [] } }));
      return cp.store(JSON.stringify(handler(request)));
    };
    this.plugin = await createPlugin({ wasm: [{ data: pluginBytes(SLUG) }] }, { useWasi: false, runInWorker: false, functions: { "extism:host/user": { bv_search: bvSearch } } });
  }

  /** Scans `barcode`; the output must match the ABI's barcode_scan output schema. */
  async scan(barcode: string, search?: FakeHandler): Promise<Record<string, unknown>> {
    if (!this.plugin) throw new Error("not open");
    this.calls = [];
    this.handlers = search ? { bv_search: search } : {};
    const out = await this.plugin.call("barcode_scan", scanInput(barcode));
    const parsed: unknown = JSON.parse(out?.text() ?? "null");
    expect([...checkOutput.Errors(parsed)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    return parsed as Record<string, unknown>;
  }

  async close(): Promise<void> {
    await this.plugin?.close();
  }
}

/** A fake bv_search answering from tables per model, honouring the filters the plugin uses. */
function fakeDb(db: { supplierpart?: Record<string, unknown>[]; purchaseorderline?: Record<string, unknown>[]; purchaseorder?: Record<string, unknown>[] }): FakeHandler {
  return (req) => {
    const f = (req.filters ?? {}) as Record<string, unknown>;
    let rows = db[req.model as keyof typeof db] ?? [];
    if (req.model === "supplierpart") {
      rows = rows.filter((r) => (f.SKU === undefined || r.SKU === f.SKU) && (f.MPN === undefined || String(r.MPN).toLowerCase() === String(f.MPN).toLowerCase()));
    }
    if (req.model === "purchaseorderline") rows = rows.filter((r) => r.part === f.part);
    if (req.model === "purchaseorder") {
      const s = String(req.search ?? "").toLowerCase();
      rows = rows.filter((r) => `${r.reference} ${r.supplier_reference}`.toLowerCase().includes(s));
    }
    return { ok: true, data: { count: rows.length, next: null, previous: null, results: rows } };
  };
}

const sp = (pk: number, SKU: string, MPN: string, supplier: string) => ({ pk, SKU, MPN, supplier: pk * 10, supplier_detail: { pk: pk * 10, name: supplier } });
const line = (pk: number, order: number, part: number, quantity = 10, received = 0) => ({ pk, order, part, quantity, received });

const h = new Harness();
beforeAll(async () => {
  if (!existsSync(join(DIR, "plugin.wasm"))) {
    const r = spawnSync(join(import.meta.dir, "..", "node_modules", ".bin", "bun"), [join(import.meta.dir, "..", "scripts", "build-plugins.ts")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stdout + r.stderr);
  }
  await h.open();
}, 600_000);
afterAll(() => h.close());

describe("ecia-datamatrix: module and manifest", () => {
  const manifest = JSON.parse(readFileSync(join(DIR, "plugin.json"), "utf8")) as PluginManifest;

  test("plugin.json matches the manifest schema; the module imports only the kernel and bv_search, exports barcode_scan", () => {
    expect([...TypeCompiler.Compile(PluginManifest).Errors(manifest)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    expect(manifest.slug).toBe(SLUG);
    expect(manifest.permissions).toEqual(["bv_search"]);
    const module = new WebAssembly.Module(pluginBytes(SLUG));
    const imports = WebAssembly.Module.imports(module);
    for (const imp of imports) expect(["extism:host/env", "extism:host/user"]).toContain(imp.module);
    expect(imports.filter((i) => i.module === "extism:host/user").map((i) => i.name)).toEqual(["bv_search"]);
    expect(WebAssembly.Module.exports(module).some((e) => e.name === "barcode_scan" && e.kind === "function")).toBe(true);
  });

  test("the patterns (as the host compiles them) admit every header variant and nothing else", () => {
    const patterns = (manifest.kinds.barcode?.patterns ?? []).map((p) => new RegExp(p, "u"));
    const admitted = (s: string) => patterns.some((p) => p.test(s));
    for (const s of [DIGIKEY, MOUSER, MOUSER_OLD, `]d2${DIGIKEY}`, `  \r\n${MOUSER}`, "[)>{RS}06{GS}PX", "[)>␞06␝PX", "[)>"]) expect(admitted(s)).toBe(true);
    for (const s of ["C25804", '{"stockitem": 12}', "INV-SI12", "{pbn:PICK1,on:SO1,pc:C312270,qty:2}", "QTY:1 PN:WBP-302 PO:1/1", "x[)>06", ""]) expect(admitted(s)).toBe(false);
  });

  test("native unit tests of the parser pass (when the host has Rust's std)", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ecia-native-")), "t");
    try {
      const built = spawnSync("/usr/bin/rustc", ["--edition", "2021", "--test", join(DIR, "src", "native_tests.rs"), "-o", out], { encoding: "utf8" });
      if (built.status !== 0 && /can't find crate for `(std|test)`/.test(built.stderr)) return; // only the wasm32 std is installed
      expect(built.stderr).not.toContain("error");
      const ran = spawnSync(out, { encoding: "utf8" });
      expect(ran.stdout).toContain("test result: ok");
    } finally {
      rmSync(join(out, ".."), { recursive: true, force: true });
    }
  }, 60_000);
});

describe("ecia-datamatrix: decoding (fake host)", () => {
  test("a DigiKey label: fields, supplier part by SKU, the one open line", async () => {
    const db = fakeDb({ supplierpart: [sp(7, "296-LM358BIDDFRCT-ND", "LM358BIDDFR", "DigiKey")], purchaseorderline: [line(31, 4, 7)] });
    const out = await h.scan(DIGIKEY, db);
    expect(out).toEqual({ match: true, supplier: { ...DIGIKEY_FIELDS, supplier_part: 7, purchase_order_line: 31 } });
    expect(h.calls.map((c) => c.request)).toEqual([
      { model: "supplierpart", filters: { SKU: "296-LM358BIDDFRCT-ND", supplier_detail: true }, limit: 50 },
      { model: "purchaseorderline", filters: { part: 7, pending: true }, limit: 100 },
    ]);
  });

  test("a DigiKey label with 30P instead of P", async () => {
    const out = await h.scan(DIGIKEY_30P);
    expect(out).toEqual({ match: true, supplier: { supplier: "DigiKey", sku: "296-LM358BIDDFRCT-ND", quantity: 10, country_of_origin: "PH", supplier_order: "72991337", invoice: "85781337", packing_list: "1" } });
  });

  test("30P and P together: 30P is the SKU, P the customer's part number", async () => {
    const out = await h.scan(`[)>${RS}06${GS}PR-0603-10K${GS}30P311-10.0KCRCT-ND${GS}Q5`);
    expect(out.supplier).toEqual({ supplier: "DigiKey", sku: "311-10.0KCRCT-ND", quantity: 5, customer_part: "R-0603-10K" });
  });

  test("a Mouser label: MPN only, found among several suppliers' parts by the supplier name", async () => {
    const db = fakeDb({
      supplierpart: [sp(1, "296-MC34063ADR-ND", "MC34063ADR", "DigiKey"), sp(2, "595-MC34063ADR", "mc34063adr", "Mouser Electronics"), sp(3, "C1234", "MC34063ADR", "LCSC")],
      purchaseorderline: [line(50, 9, 2, 5, 0)],
    });
    const out = await h.scan(MOUSER, db);
    expect(out).toEqual({
      match: true,
      supplier: { supplier: "Mouser", mpn: "MC34063ADR", quantity: 3, purchase_order: "P0-1337", country_of_origin: "MX", manufacturer: "TI", packing_list: "073121337", order_line: "011", supplier_part: 2, purchase_order_line: 50 },
    });
    expect(h.calls[0].request).toEqual({ model: "supplierpart", filters: { MPN: "MC34063ADR", supplier_detail: true }, limit: 50 });
  });

  test("the old Mouser header >[)>06 without RS", async () => {
    const out = await h.scan(MOUSER_OLD);
    expect(out).toEqual({ match: true, supplier: { supplier: "Mouser", mpn: "LDK320ADU33R", quantity: 32, purchase_order: "21421337", country_of_origin: "CN", manufacturer: "STMicro", packing_list: "060931337", order_line: "033" } });
  });

  test("lot, date code, ship date, serial; no supplier named without a sign of one", async () => {
    const out = await h.scan(`[)>${RS}06${GS}PABC-1${GS}1PXYZ${GS}Q2.5${GS}1TL0T-7${GS}9D2412${GS}6D20250301${GS}SSN001${GS}2PREV-B${GS}13Q1${RS}${EOT}`);
    expect(out).toEqual({ match: true, supplier: { sku: "ABC-1", mpn: "XYZ", quantity: 2.5, lot: "L0T-7", date_code: "2412", serial: "SN001", ship_date: "20250301" } });
    expect((await h.scan(`[)>${RS}06${GS}PABC-1${GS}10D2433`)).supplier).toEqual({ sku: "ABC-1", date_code: "2433" });
  });

  test("non-ASCII values come through intact", async () => {
    const out = await h.scan(`[)>${RS}06${GS}PWiderstand-10kΩ${GS}1PÄÖÜ-東京-🔧${GS}KBestellung „Süd“${GS}1TCharge-ß${GS}Q7`);
    expect(out.supplier).toEqual({ sku: "Widerstand-10kΩ", mpn: "ÄÖÜ-東京-🔧", purchase_order: "Bestellung „Süd“", lot: "Charge-ß", quantity: 7 });
  });

  describe("scanner variants of the separators decode as the original", () => {
    const variants: [string, (s: string) => string][] = [
      ["{RS} {GS} {EOT} text", (s) => s.replaceAll(RS, "{RS}").replaceAll(GS, "{GS}").replaceAll(EOT, "{EOT}")],
      ["lower-case {rs} {gs}", (s) => s.replaceAll(RS, "{rs}").replaceAll(GS, "{gs}").replaceAll(EOT, "{eot}")],
      ["<RS> <GS> <EOT>", (s) => s.replaceAll(RS, "<RS>").replaceAll(GS, "<GS>").replaceAll(EOT, "<EOT>")],
      ["\\x1e \\x1d \\x04 escapes", (s) => s.replaceAll(RS, "\\x1e").replaceAll(GS, "\\x1D").replaceAll(EOT, "\\x04")],
      ["\\u001e \\u001d escapes", (s) => s.replaceAll(RS, "\\u001e").replaceAll(GS, "\\u001d").replaceAll(EOT, "\\u0004")],
      ["caret notation ^^ ^] ^D", (s) => s.replaceAll(RS, "^^").replaceAll(GS, "^]").replaceAll(EOT, "^D")],
      ["control pictures ␞ ␝ ␄", (s) => s.replaceAll(RS, "␞").replaceAll(GS, "␝").replaceAll(EOT, "␄")],
      ["no RS after the header", (s) => s.replace(`[)>${RS}`, "[)>")],
      ["no trailer", (s) => s.replace(`${RS}${EOT}`, "")],
      ["only RS as trailer", (s) => s.replace(`${RS}${EOT}`, RS)],
      ["trailing CR/LF", (s) => `${s}\r\n`],
      ["surrounding spaces and a leading LF", (s) => `\n  ${s}  `],
      ["AIM symbology identifier ]d2", (s) => `]d2${s}`],
      ["Enter for every separator", (s) => s.replaceAll(RS, "\r\n").replaceAll(GS, "\r\n").replaceAll(EOT, "")],
      ["Tab for every separator", (s) => s.replaceAll(RS, "\t").replaceAll(GS, "\t").replaceAll(EOT, "")],
      ["CR/LF after each GS", (s) => s.replaceAll(GS, `${GS}\r\n`)],
      ["a second format envelope after RS", (s) => s.replace(`${RS}${EOT}`, `${RS}12${GS}Zjunk${RS}${EOT}`)],
    ];
    for (const [name, mangle] of variants) {
      test(name, async () => {
        expect(await h.scan(mangle(DIGIKEY))).toEqual(await h.scan(DIGIKEY));
        expect(await h.scan(mangle(MOUSER))).toEqual(await h.scan(MOUSER));
        expect((await h.scan(mangle(DIGIKEY))).supplier).toEqual(DIGIKEY_FIELDS);
      });
    }
  });

  describe("damaged labels are a clear error", () => {
    const cases: [string, string, string][] = [
      ["header only", `[)>${RS}`, "label ends after its [)> header"],
      ["header and trailer", `[)>${RS}${EOT}`, "label ends after its [)> header"],
      ["format cut short", `[)>${RS}0`, "not followed by a format number"],
      ["format 06 and nothing else", `[)>${RS}06`, "no fields"],
      ["format 06 then the trailer", `[)>${RS}06${RS}${EOT}`, "no fields"],
      ["GS dropped by the scanner", `[)>${RS}06P296-LM358BIDDFRCT-ND1PLM358BIDDFRQ10`, "GS (0x1D) characters"],
      ["cut inside a data identifier", `[)>${RS}06${GS}KP0-1337${GS}14`, 'field "14" is truncated'],
      ["a field without an identifier", `[)>${RS}06${GS}P123${GS}-foo`, 'field "-foo" does not start with a data identifier'],
      ["a 4-digit identifier prefix", `[)>${RS}06${GS}P123${GS}1234Kx`, "does not start with a data identifier"],
      ["quantity with a letter O", `[)>${RS}06${GS}P123${GS}Q1O`, 'quantity "1O" is not a number'],
      ["negative quantity", `[)>${RS}06${GS}P123${GS}Q-5`, 'quantity "-5" is not a number'],
      ["empty quantity", `[)>${RS}06${GS}P123${GS}Q`, "quantity field (Q) is empty"],
      ["quantity 1,000", `[)>${RS}06${GS}P123${GS}Q1,000`, 'quantity "1,000" is not a number'],
      ["absurd quantity", `[)>${RS}06${GS}P123${GS}Q${"9".repeat(40)}`, "is too large"],
      ["no part number", `[)>${RS}06${GS}K${GS}1K72991337${GS}Q10`, "no part number (P, 30P or 1P)"],
      ["empty part numbers", `[)>${RS}06${GS}P${GS}1P${GS}Q10`, "no part number"],
      ["non-ASCII junk in place of an identifier", `[)>${RS}06${GS}P123${GS}Ünknown`, 'field "Ünknown" does not start'],
    ];
    for (const [name, barcode, message] of cases) {
      test(name, async () => {
        const out = await h.scan(barcode);
        expect(out.error).toStartWith("Damaged ECIA label: ");
        expect(out.error).toContain(message);
        expect(h.calls).toEqual([]);
      });
    }
  });

  test("anything else is match:false, without a host call", async () => {
    for (const s of ["", "   ", "C25804", '{"stockitem": 12}', "INV-SI12", "{pbn:PICK1,on:SO1,pc:C312270,qty:2}", "QTY:1 PN:WBP-302 PO:19361337/1", "PWBP-302 1PMPNWBP-302 Q1", `[)>${RS}05${GS}0109501101020917`, `[)>${RS}12${GS}foo`, "x[)>06", "東京 🔧"]) {
      expect(await h.scan(s)).toEqual({ match: false });
    }
    expect(h.calls).toEqual([]);
  });

  test("every prefix and every single-byte corruption of a label answers, never traps", async () => {
    const seen = new Set<string>();
    for (const label of [DIGIKEY, MOUSER]) {
      for (let n = 0; n <= label.length; n++) {
        const out = await h.scan(label.slice(0, n));
        seen.add("match" in out ? `match:${out.match}` : "error");
      }
      for (let i = 0; i < label.length; i += 3) {
        for (const c of ["\x00", GS, RS, EOT, "\n", "é", "\uFFFD", "]"]) await h.scan(label.slice(0, i) + c + label.slice(i + 1));
      }
    }
    expect([...seen].sort()).toEqual(["error", "match:false", "match:true"]);
  }, 60_000);

  test("a label at the server's 4,095-character cap", async () => {
    const long = `${DIGIKEY}${GS}20Z${"0".repeat(4095 - DIGIKEY.length - 4)}`;
    expect(long.length).toBe(4095);
    expect((await h.scan(long)).supplier).toEqual(DIGIKEY_FIELDS);
  });
});

describe("ecia-datamatrix: resolution through bv_search (fake host)", () => {
  test("a host error leaves the decoded fields without pks", async () => {
    const out = await h.scan(DIGIKEY, () => ({ ok: false, error: "Datenbank gesperrt — später erneut" }));
    expect(out).toEqual({ match: true, supplier: DIGIKEY_FIELDS });
  });

  test("a host error on the line lookup keeps the supplier part", async () => {
    const parts = fakeDb({ supplierpart: [sp(7, "296-LM358BIDDFRCT-ND", "LM358BIDDFR", "DigiKey")] });
    const out = await h.scan(DIGIKEY, (req) => (req.model === "supplierpart" ? parts(req) : { ok: false, error: "nope" }));
    expect(out).toEqual({ match: true, supplier: { ...DIGIKEY_FIELDS, supplier_part: 7 } });
  });

  test("a malformed host answer is survived too", async () => {
    const out = await h.scan(DIGIKEY, () => ({ ok: true, data: "not a page" }));
    expect(out).toEqual({ match: true, supplier: DIGIKEY_FIELDS });
  });

  test("no supplier part, or several that cannot be told apart: no pk", async () => {
    expect((await h.scan(DIGIKEY, fakeDb({}))).supplier).toEqual(DIGIKEY_FIELDS);
    const twins = fakeDb({ supplierpart: [sp(1, "X", "MC34063ADR", "Mouser"), sp(2, "Y", "MC34063ADR", "Mouser")] });
    expect((await h.scan(MOUSER, twins)).supplier).not.toHaveProperty("supplier_part");
  });

  test("the SKU finds nothing, the MPN finds the part", async () => {
    const db = fakeDb({ supplierpart: [sp(9, "OTHER-ND", "LM358BIDDFR", "DigiKey")] });
    const out = await h.scan(DIGIKEY, db);
    expect(out.supplier).toMatchObject({ supplier_part: 9 });
    expect(h.calls.map((c) => (c.request.filters as Record<string, unknown>) ?? {})).toEqual([
      { SKU: "296-LM358BIDDFRCT-ND", supplier_detail: true },
      { MPN: "LM358BIDDFR", supplier_detail: true },
      { part: 9, pending: true },
    ]);
  });

  test("the same SKU at two suppliers: the label's supplier decides", async () => {
    const db = fakeDb({ supplierpart: [sp(4, "296-LM358BIDDFRCT-ND", "LM358BIDDFR", "TME"), sp(5, "296-LM358BIDDFRCT-ND", "LM358BIDDFR", "Digi-Key Electronics")] });
    expect((await h.scan(DIGIKEY, db)).supplier).toMatchObject({ supplier_part: 5 });
  });

  test("an SKU longer than the host's filter allows is not searched", async () => {
    await h.scan(`[)>${RS}06${GS}P${"A".repeat(101)}${GS}1PMPN-1`, fakeDb({}));
    expect(h.calls.map((c) => c.request.filters)).toEqual([{ MPN: "MPN-1", supplier_detail: true }]);
  });

  test("fully received lines are skipped; of several open lines, the order the label names (1K = supplier reference)", async () => {
    const db = fakeDb({
      supplierpart: [sp(7, "296-LM358BIDDFRCT-ND", "LM358BIDDFR", "DigiKey")],
      purchaseorderline: [line(1, 100, 7, 10, 10), line(2, 101, 7), line(3, 102, 7, 10, 4)],
      purchaseorder: [
        { pk: 101, reference: "PO-0101", supplier_reference: "DK-1" },
        { pk: 102, reference: "PO-0102", supplier_reference: "72991337" },
        { pk: 103, reference: "PO-0103", supplier_reference: "729913370" },
      ],
    });
    const out = await h.scan(DIGIKEY, db);
    expect(out.supplier).toMatchObject({ supplier_part: 7, purchase_order_line: 3 });
    expect(h.calls[2].request).toEqual({ model: "purchaseorder", filters: {}, search: "72991337", limit: 100 });
  });

  test("of several open lines, the order whose reference is the label's K", async () => {
    const db = fakeDb({
      supplierpart: [sp(2, "595-MC34063ADR", "MC34063ADR", "Mouser")],
      purchaseorderline: [line(20, 200, 2), line(21, 201, 2)],
      purchaseorder: [{ pk: 200, reference: "PO-0200", supplier_reference: "" }, { pk: 201, reference: "p0-1337", supplier_reference: "" }],
    });
    expect((await h.scan(MOUSER, db)).supplier).toMatchObject({ supplier_part: 2, purchase_order_line: 21 });
  });

  test("several open lines and no order on the label that picks one: no line", async () => {
    const db = fakeDb({ supplierpart: [sp(2, "595-MC34063ADR", "MC34063ADR", "Mouser")], purchaseorderline: [line(20, 200, 2), line(21, 201, 2)], purchaseorder: [] });
    const out = await h.scan(MOUSER, db);
    expect(out.supplier).toMatchObject({ supplier_part: 2 });
    expect(out.supplier).not.toHaveProperty("purchase_order_line");
  });
});

describe("ecia-datamatrix: end to end on the demo data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, pluginsDir: pluginsDir({ examples: [SLUG] }) });
  });
  afterAll(() => t.close());

  const scan = (barcode: string) => t.services.plugins.scanBarcode(barcode, barcodeHash(barcode), { user: null });
  const supplierPart = async (SKU: string) => {
    const rows = (await t.call("GET", `/api/company/part/?SKU=${encodeURIComponent(SKU)}`)).body as { pk: number }[];
    expect(rows).toHaveLength(1);
    return rows[0].pk;
  };

  test("the plugin loads", async () => {
    const r = await t.call("GET", "/api/plugins/");
    const me = (r.body as { key: string; loaded: boolean; error: string | null }[]).find((p) => p.key === SLUG);
    expect(me).toMatchObject({ loaded: true, error: null });
  });

  test("a DigiKey label for 311-10.0KCRCT-ND resolves its supplier part (its PO line is fully received)", async () => {
    const label = `[)>${RS}06${GS}P311-10.0KCRCT-ND${GS}1PRC0603FR-0710KL${GS}K${GS}1K88412907${GS}10K99120031${GS}11K1${GS}4LTW${GS}Q5000${GS}11ZPICK${GS}12Z4412907${GS}13Z912345${GS}20Z${"0".repeat(60)}`;
    const r = await scan(label);
    expect(r).toEqual({
      slug: SLUG,
      output: { match: true, supplier: { supplier: "DigiKey", sku: "311-10.0KCRCT-ND", mpn: "RC0603FR-0710KL", quantity: 5000, country_of_origin: "TW", supplier_order: "88412907", invoice: "99120031", packing_list: "1", supplier_part: await supplierPart("311-10.0KCRCT-ND") } },
    });
  });

  test("a DigiKey label with scanner-mangled separators resolves its open PO-0001 line", async () => {
    const pk = await supplierPart("497-6063-ND");
    const lines = (await t.call("GET", `/api/order/po-line/?part=${pk}`)).body as { pk: number; order: number }[];
    expect(lines).toHaveLength(1);
    const label = "[)>{RS}06{GS}P497-6063-ND{GS}1PSTM32F103C8T6{GS}K{GS}1KDK-88412907{GS}Q30{GS}1TGH2435{GS}9D2435{GS}4LCN{RS}{EOT}\r\n";
    const r = await scan(label);
    expect(r?.output).toEqual({
      match: true,
      supplier: { supplier: "DigiKey", sku: "497-6063-ND", mpn: "STM32F103C8T6", quantity: 30, lot: "GH2435", date_code: "2435", country_of_origin: "CN", supplier_order: "DK-88412907", supplier_part: pk, purchase_order_line: lines[0].pk },
    });
  });

  test("with a second open order for the same part, K (reference) or 1K (supplier reference) picks the line", async () => {
    const pk = await supplierPart("497-6063-ND");
    const first = ((await t.call("GET", `/api/order/po-line/?part=${pk}`)).body as { pk: number }[])[0].pk;
    const digikey = ((await t.call("GET", "/api/company/?search=DigiKey")).body as { pk: number; name: string }[]).find((c) => c.name === "DigiKey")?.pk;
    const po = await t.call("POST", "/api/order/po/", { reference: "PO-0042", supplier: digikey, supplier_reference: "DK-99000001" });
    expect(po.status).toBe(201);
    const added = await t.call("POST", "/api/order/po-line/", { order: po.body.pk, part: pk, quantity: 10 });
    expect(added.status).toBe(201);
    const label = (k: string, k1: string) => `[)>${RS}06${GS}P497-6063-ND${GS}1PSTM32F103C8T6${GS}K${k}${GS}1K${k1}${GS}Q10${RS}${EOT}`;
    const lineOf = async (barcode: string) => ((await scan(barcode))?.output as { supplier: { supplier_part?: number; purchase_order_line?: number } }).supplier;
    expect(await lineOf(label("", "DK-88412907"))).toMatchObject({ supplier_part: pk, purchase_order_line: first });
    expect(await lineOf(label("po-0042", ""))).toMatchObject({ supplier_part: pk, purchase_order_line: added.body.pk });
    expect(await lineOf(label("", "DK-99000001"))).toMatchObject({ supplier_part: pk, purchase_order_line: added.body.pk });
    const neither = await lineOf(label("", "DK-123"));
    expect(neither.supplier_part).toBe(pk);
    expect(neither).not.toHaveProperty("purchase_order_line");
  });

  test("a Mouser label (MPN only) picks Mouser's part among four suppliers of the same MPN", async () => {
    const label = `[)>${RS}06${GS}KPO-0099${GS}14K001${GS}1PRC0603FR-0710KL${GS}Q100${GS}11K012345678${GS}4LTW${GS}1VYageo${RS}${EOT}`;
    const r = await scan(label);
    expect(r?.output).toEqual({
      match: true,
      supplier: { supplier: "Mouser", mpn: "RC0603FR-0710KL", quantity: 100, purchase_order: "PO-0099", country_of_origin: "TW", manufacturer: "Yageo", packing_list: "012345678", order_line: "001", supplier_part: await supplierPart("603-RC0603FR-0710KL") },
    });
  });

  test("POST /api/barcode/ answers a DigiKey label with its supplier part, as InvenTree's DigiKey plugin does", async () => {
    const label = `[)>${RS}06${GS}P311-10.0KCRCT-ND${GS}1PRC0603FR-0710KL${GS}K${GS}1K88412907${GS}Q5000${RS}${EOT}`;
    const r = await t.call("POST", "/api/barcode/", { barcode: label }, "readonly");
    expect(r.status).toBe(200);
    expect(r.body.supplierpart.pk).toBe(await supplierPart("311-10.0KCRCT-ND"));
    expect(r.body.supplierpart.instance.SKU).toBe("311-10.0KCRCT-ND");
    expect(r.body.barcode_data).toBe(label);
    expect(r.body.barcode_hash).toBe(barcodeHash(label));
    expect(r.body.plugin).toBeTruthy();
    expect(r.body.plugin).not.toBe("InvenTreeBarcode");
  });

  test("POST /api/barcode/ with a Mouser label typed through a keyboard wedge ({GS} text, CR/LF)", async () => {
    const label = "[)>{RS}06{GS}KPO-0099{GS}14K001{GS}1PRC0603FR-0710KL{GS}Q100{GS}4LTW{RS}{EOT}\r\n";
    const r = await t.call("POST", "/api/barcode/", { barcode: label }, "readonly");
    expect(r.status).toBe(200);
    expect(r.body.supplierpart.pk).toBe(await supplierPart("603-RC0603FR-0710KL"));
  });

  test("POST /api/barcode/ carries a damaged label's error; an unknown part is InvenTree's no-match 400", async () => {
    const damaged = await t.call("POST", "/api/barcode/", { barcode: `[)>${RS}06${GS}P311-10.0KCRCT-ND${GS}Q1O` }, "readonly");
    expect(damaged.body.error).toBe('Damaged ECIA label: quantity "1O" is not a number');
    const unknown = await t.call("POST", "/api/barcode/", { barcode: `[)>${RS}06${GS}PNOPE-ND${GS}Q1` }, "readonly");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe("No match found for barcode data");
  });

  test("a damaged label is the plugin's error; other barcodes never reach it", async () => {
    expect(await scan(`[)>${RS}06${GS}P311-10.0KCRCT-ND${GS}Q1O`)).toEqual({ slug: SLUG, output: { error: 'Damaged ECIA label: quantity "1O" is not a number' } });
    expect(await scan("C25804")).toBeNull();
    expect(await scan(`[)>${RS}05${GS}0109501101020917`)).toBeNull();
  });
});
