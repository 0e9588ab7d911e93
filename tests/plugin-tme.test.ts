/**
 * tme-qr (C): TME label codes decoded straight through @extism/extism with fake host functions,
 * including damaged and random input, then end to end through the server on the demo data.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import createPlugin, { type CallContext } from "@extism/extism";
import { BarcodeScanOutput, PluginManifest } from "../plugin-sdk/schema/index.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { callPlugin, type FakeHandler, PLUGINS_DIR, pluginBytes } from "./support/fake-host.ts";
import { pluginsDir } from "./support/plugins.ts";

const SLUG = "tme-qr";
// InvenTree's own test labels (plugin/builtin/suppliers/test_supplier_barcodes.py).
const TME_QRCODE = "QTY:1 PN:WBP-302 PO:19361337/1 CPO:PO-2023-06-08-001337 MFR:WISHERENTERPRISE MPN:WBP-302 RoHS https://www.tme.eu/details/WBP-302";
const TME_2D = "PWBP-302 1PMPNWBP-302 Q1 K19361337/1";

const scanInput = (barcode: string) => JSON.stringify({ barcode, hash: "0".repeat(32), context: { user: null } });
const checkOutput = TypeCompiler.Compile(BarcodeScanOutput);

type Supplier = Record<string, unknown>;
const supplierOf = (output: unknown): Supplier => (output as { supplier: Supplier }).supplier;

/** A fake bv_search over a small catalogue: TME and Mouser supplier parts, orders and lines. */
function catalogue(opts: { lines?: { pk: number; order: number; part: number; quantity: number; received: number }[] } = {}): FakeHandler {
  const tme = { pk: 4, name: "TME" };
  const mouser = { pk: 2, name: "Mouser" };
  const parts = [
    { pk: 41, SKU: "WBP-302", MPN: "WBP-302", supplier: 4, supplier_detail: tme },
    { pk: 42, SKU: "B3F-1000", MPN: "B3F-1000", supplier: 4, supplier_detail: tme },
    { pk: 21, SKU: "653-B3F-1000", MPN: "B3F-1000", supplier: 2, supplier_detail: mouser },
    { pk: 22, SKU: "ONLY-MOUSER", MPN: "LM358", supplier: 2, supplier_detail: mouser },
  ];
  const orders = [
    { pk: 7, reference: "PO-0007", supplier_reference: "" },
    { pk: 8, reference: "PO-2023-06-08-001337", supplier_reference: "" },
    { pk: 9, reference: "PO-0009", supplier_reference: "19361337" },
  ];
  const lines = opts.lines ?? [];
  return (req) => {
    const filters = (req.filters ?? {}) as Record<string, unknown>;
    const page = (results: unknown[]) => ({ ok: true as const, data: { count: results.length, next: null, previous: null, results } });
    if (req.model === "supplierpart") {
      return page(parts.filter((p) => (filters.SKU === undefined || p.SKU === filters.SKU) && (filters.MPN === undefined || p.MPN.toLowerCase() === String(filters.MPN).toLowerCase())));
    }
    if (req.model === "purchaseorderline") return page(lines.filter((l) => l.part === filters.part));
    if (req.model === "purchaseorder") {
      const s = String(req.search ?? "").toLowerCase();
      return page(orders.filter((o) => o.reference.toLowerCase().includes(s) || o.supplier_reference.toLowerCase().includes(s)));
    }
    return { ok: false, error: `unexpected model ${String(req.model)}` };
  };
}

const scan = (barcode: string, search: FakeHandler = catalogue()) => callPlugin(SLUG, scanInput(barcode), { bv_search: search }, "barcode_scan");

describe("tme-qr: module and manifest", () => {
  test("plugin.json matches the manifest schema and its patterns compile", () => {
    const manifest = JSON.parse(readFileSync(join(PLUGINS_DIR, SLUG, "plugin.json"), "utf8")) as { slug: string; kinds: { barcode: { patterns: string[] } } };
    expect([...TypeCompiler.Compile(PluginManifest).Errors(manifest)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    expect(manifest.slug).toBe(SLUG);
    const patterns = manifest.kinds.barcode.patterns.map((p) => new RegExp(p, "u"));
    const admits = (code: string) => patterns.some((p) => p.test(code));
    for (const code of [TME_QRCODE, TME_2D, "qty:5 pn:X", "PN:ABC\r\nQTY:2"]) expect(admits(code)).toBe(true);
    for (const code of ["INV-SI12", '{"stockitem": 12}', "[)>\x1e06\x1dP296-LM358BIDDFRCT-ND\x1dQ10", "https://example.com/x"]) expect(admits(code)).toBe(false);
  });

  test("exports barcode_scan and imports only the kernel and bv_search", () => {
    const module = new WebAssembly.Module(pluginBytes(SLUG));
    const user = WebAssembly.Module.imports(module).filter((i) => i.module !== "extism:host/env");
    expect(user.map((i) => `${i.module}.${i.name}`)).toEqual(["extism:host/user.bv_search"]);
    expect(WebAssembly.Module.exports(module).some((e) => e.name === "barcode_scan" && e.kind === "function")).toBe(true);
  });
});

describe("tme-qr: QR labels", () => {
  test("InvenTree's TME QR code: fields, supplier part by SKU, no pending line", async () => {
    const r = await scan(TME_QRCODE);
    expect(r.error).toBeNull();
    expect(r.output).toEqual({
      match: true,
      supplier: { supplier: "TME", sku: "WBP-302", mpn: "WBP-302", quantity: 1, purchase_order: "PO-2023-06-08-001337", supplier_order: "19361337", manufacturer: "WISHERENTERPRISE", supplier_part: 41 },
    });
    expect(r.calls.map((c) => c.request)).toEqual([
      { model: "supplierpart", filters: { SKU: "WBP-302", supplier_detail: true }, limit: 50 },
      { model: "purchaseorderline", filters: { part: 41, pending: true }, limit: 100 },
    ]);
  });

  test("the brief's example: key order, extra spaces, lowercase keys, CR/LF, unknown keys", async () => {
    const variants = [
      "QTY:1 PN:SWITCH-TACT-6X6 PO:19361337/1 CPO:PO-2024-0042 MFR:OMRON MPN:B3F-1000",
      "MPN:B3F-1000   MFR:OMRON CPO:PO-2024-0042 PO:19361337/1 PN:SWITCH-TACT-6X6  QTY:1",
      "qty:1 pn:SWITCH-TACT-6X6 po:19361337/1 cpo:PO-2024-0042 mfr:OMRON mpn:B3F-1000",
      "QTY:1\r\nPN:SWITCH-TACT-6X6\r\nPO:19361337/1\nCPO:PO-2024-0042\tMFR:OMRON MPN:B3F-1000\r\n",
      "  QTY:1 XYZ:ignored PN:SWITCH-TACT-6X6 RoHS PO:19361337/1 CPO:PO-2024-0042 MFR:OMRON MPN:B3F-1000 https://www.tme.eu/x  ",
      "QTY: 1 PN: SWITCH-TACT-6X6 PO:19361337/1 CPO:PO-2024-0042 MFR:OMRON MPN:B3F-1000",
    ];
    for (const code of variants) {
      const r = await scan(code);
      expect(r.error).toBeNull();
      // SKU SWITCH-TACT-6X6 is unknown, so the MPN finds TME's part (not Mouser's with the same MPN).
      expect(r.output).toEqual({
        match: true,
        supplier: { supplier: "TME", sku: "SWITCH-TACT-6X6", mpn: "B3F-1000", quantity: 1, purchase_order: "PO-2024-0042", supplier_order: "19361337", manufacturer: "OMRON", supplier_part: 42 },
      });
    }
  });

  test("a value containing ':' is split at the first one", async () => {
    const r = await scan("QTY:3 PN:AB:CD CPO:PO:2024:7 MPN:x:y");
    expect(r.output).toEqual({ match: true, supplier: { supplier: "TME", sku: "AB:CD", mpn: "x:y", quantity: 3, purchase_order: "PO:2024:7" } });
  });

  test("no CPO: the purchase order is TME's order number without the line", async () => {
    const r = await scan("PN:WBP-302 QTY:250 PO:19361337/12");
    expect(supplierOf(r.output)).toMatchObject({ purchase_order: "19361337", supplier_order: "19361337", quantity: 250 });
  });

  test("decimal quantities with '.' or ','", async () => {
    expect(supplierOf((await scan("PN:KAPTON QTY:2.5")).output).quantity).toBe(2.5);
    expect(supplierOf((await scan("PN:KAPTON QTY:0,25")).output).quantity).toBe(0.25);
  });

  test("non-ASCII and JSON-special characters survive the round trip", async () => {
    const r = await scan('PN:Ω-"10k"\\x MFR:Würth™ QTY:1');
    expect(supplierOf(r.output)).toMatchObject({ sku: 'Ω-"10k"\\x', manufacturer: "Würth™" });
  });
});

describe("tme-qr: purchase-order lines", () => {
  const line = (pk: number, order: number, received = 0) => ({ pk, order, part: 41, quantity: 10, received });

  test("a single pending line is taken whatever its order", async () => {
    const r = await scan(TME_QRCODE, catalogue({ lines: [line(100, 7)] }));
    expect(supplierOf(r.output).purchase_order_line).toBe(100);
  });

  test("several lines: the one on the order whose reference is the CPO", async () => {
    const r = await scan(TME_QRCODE, catalogue({ lines: [line(100, 7), line(101, 8), line(102, 9)] }));
    expect(supplierOf(r.output).purchase_order_line).toBe(101);
    expect(r.calls.at(-1)?.request).toEqual({ model: "purchaseorder", search: "PO-2023-06-08-001337", limit: 100 });
  });

  test("several lines, CPO unknown: the order whose supplier_reference is TME's order number", async () => {
    const code = TME_QRCODE.replace("CPO:PO-2023-06-08-001337", "CPO:PO-NOWHERE");
    const r = await scan(code, catalogue({ lines: [line(100, 7), line(101, 8), line(102, 9)] }));
    expect(supplierOf(r.output).purchase_order_line).toBe(102);
  });

  test("fully received lines are skipped; several candidates and no named order leave the line out", async () => {
    const received = await scan(TME_QRCODE, catalogue({ lines: [line(100, 7, 10), line(103, 7)] }));
    expect(supplierOf(received.output).purchase_order_line).toBe(103);
    const ambiguous = await scan("PN:WBP-302 QTY:1", catalogue({ lines: [line(100, 7), line(103, 7)] }));
    expect(supplierOf(ambiguous.output)).toEqual({ supplier: "TME", sku: "WBP-302", quantity: 1, supplier_part: 41 });
  });

  test("an MPN shared by several suppliers resolves only to TME's part; another supplier's only match is not taken", async () => {
    expect(supplierOf((await scan("MPN:B3F-1000 QTY:1")).output).supplier_part).toBe(42);
    expect(supplierOf((await scan("MPN:LM358 QTY:1")).output).supplier_part).toBeUndefined();
  });

  test("a failing host call keeps the decoded fields without pks", async () => {
    const r = await scan(TME_QRCODE, () => ({ ok: false, error: "database is locked" }));
    expect(r.error).toBeNull();
    expect(r.output).toEqual({
      match: true,
      supplier: { supplier: "TME", sku: "WBP-302", mpn: "WBP-302", quantity: 1, purchase_order: "PO-2023-06-08-001337", supplier_order: "19361337", manufacturer: "WISHERENTERPRISE" },
    });
    const garbage = await scan(TME_QRCODE, () => ({ ok: true, data: { results: "not a list" } }));
    expect(supplierOf(garbage.output).supplier_part).toBeUndefined();
    const lineFails = await scan(TME_QRCODE, (req) => (req.model === "supplierpart" ? catalogue()(req) : { ok: false, error: "boom" }));
    expect(supplierOf(lineFails.output)).toMatchObject({ supplier_part: 41 });
    expect(supplierOf(lineFails.output).purchase_order_line).toBeUndefined();
  });
});

describe("tme-qr: the older 2D label", () => {
  test("InvenTree's TME DataMatrix code", async () => {
    const r = await scan(TME_2D);
    expect(r.output).toEqual({
      match: true,
      supplier: { supplier: "TME", sku: "WBP-302", mpn: "MPNWBP-302", quantity: 1, purchase_order: "19361337", supplier_order: "19361337", supplier_part: 41 },
    });
  });

  test("other identifiers and key order; words that are not data identifiers are not TME", async () => {
    expect(supplierOf((await scan("Q25 1VOMRON PB3F-1000 1T12345")).output)).toMatchObject({ sku: "B3F-1000", quantity: 25, manufacturer: "OMRON", supplier_part: 42 });
    expect((await scan("PWBP-302 hello")).output).toEqual({ match: false });
    expect((await scan("Q1 K19361337/1")).output).toEqual({ match: false });
    expect((await scan("PWBP-302")).output).toEqual({ match: false });
  });
});

describe("tme-qr: damaged and foreign codes", () => {
  const errors: [string, string][] = [
    ["QTY:1 PN:", "no value"],
    ["QTY:1 PN:WBP-302 CPO:", "no value"],
    ["QTY:1 PN: CPO:PO-1", "no value"],
    ["QTY:x PN:WBP-302", "quantity"],
    ["QTY:1.2.3 PN:WBP-302", "quantity"],
    ["QTY:0 PN:WBP-302", "quantity"],
    ["QTY:-4 PN:WBP-302", "quantity"],
    ["QTY:12 PO:19361337/1 CPO:PO-1 MFR:OMRON", "no part number"],
    ["PN:A QTY:1 PN:B", "twice"],
    ["PWBP-302 Q K19361337/1", "no value"],
    ["PWBP-302 Qten", "quantity"],
  ];
  for (const [code, message] of errors) {
    test(`error: ${JSON.stringify(code)}`, async () => {
      const r = await scan(code);
      expect(r.error).toBeNull();
      expect((r.output as { error: string }).error).toContain(message);
      expect(r.calls).toEqual([]);
    });
  }

  test("other suppliers' and Binventory's own codes are not TME", async () => {
    const foreign = [
      "",
      "   \r\n",
      "INV-SI12",
      '{"stockitem": 12}',
      "{pbn:PICK2009291337,on:SO2009291337,pc:C312270,pm:ST-1-102-A01-T000-RS,qty:2,mc:,cc:1,pdi:34421807}",
      "[)>\x1e06\x1dKP0-1337\x1d14K011\x1d1PMC34063ADR\x1dQ3\x1d11K073121337\x1d4LMX\x1d1VTI\x1e\x04",
      "https://www.tme.eu/details/WBP-302",
      "hello world",
    ];
    for (const code of foreign) expect((await scan(code)).output).toEqual({ match: false });
  });

  test("an input without a barcode string is the plugin's error", async () => {
    const r = await callPlugin(SLUG, JSON.stringify({ hash: "", context: { user: null } }), { bv_search: catalogue() }, "barcode_scan");
    expect(r.error).toBe('input has no "barcode" string');
  });
});

describe("tme-qr: every prefix and random input give a valid answer", () => {
  /** One instance for many calls, as the host keeps it; a trap would reject the call. */
  async function scanner(): Promise<{ scan(code: string): Promise<unknown>; close(): Promise<void> }> {
    const search = catalogue({ lines: [{ pk: 100, order: 8, part: 41, quantity: 10, received: 0 }] });
    const plugin = await createPlugin(
      { wasm: [{ data: pluginBytes(SLUG) }] },
      {
        useWasi: false,
        runInWorker: false,
        functions: { "extism:host/user": { bv_search: (cp: CallContext, off: bigint) => cp.store(JSON.stringify(search(JSON.parse(cp.read(off)?.text() ?? "{}") as Record<string, unknown>))) } },
      },
    );
    return {
      async scan(code) {
        const out = await plugin.call("barcode_scan", scanInput(code));
        return out ? JSON.parse(out.text()) : null;
      },
      close: () => plugin.close(),
    };
  }

  /** mulberry32: a small seeded PRNG, so a failure reproduces. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  test("each prefix of both InvenTree labels", async () => {
    const s = await scanner();
    try {
      for (const code of [TME_QRCODE, TME_2D, "QTY:1\r\nPN:SWITCH-TACT-6X6\r\nPO:19361337/1\r\nCPO:PO-2024-0042\r\nMFR:OMRON\r\nMPN:B3F-1000\r\n"]) {
        for (let n = 0; n <= code.length; n++) {
          const out = await s.scan(code.slice(0, n));
          if (!checkOutput.Check(out)) throw new Error(`prefix ${n} of ${JSON.stringify(code)}: invalid answer ${JSON.stringify(out)}`);
        }
      }
      // The full label still decodes on the same instance afterwards.
      expect(supplierOf(await s.scan(TME_QRCODE)).purchase_order_line).toBe(100);
    } finally {
      await s.close();
    }
  }, 60_000);

  test("random strings built from label characters, seeded", async () => {
    const s = await scanner();
    const rand = prng(0x7e3e);
    const alphabet = ["QTY", "PN", "MPN", "CPO", "PO", "MFR", "qty", ":", ":", " ", "  ", "\r\n", "\t", "/", "1", "0", ".", ",", "-", "P", "1P", "Q", "K", "A", "z", "\x00", "\x1d", "\x7f", "\"", "\\", "Ω", "😀", "é"];
    try {
      for (let i = 0; i < 400; i++) {
        const len = Math.floor(rand() * 40);
        let code = "";
        for (let j = 0; j < len; j++) code += alphabet[Math.floor(rand() * alphabet.length)];
        const out = await s.scan(code);
        if (!checkOutput.Check(out)) throw new Error(`case ${i} ${JSON.stringify(code)}: invalid answer ${JSON.stringify(out)}`);
      }
      for (let i = 0; i < 100; i++) {
        // Arbitrary code units, lone surrogates included, up to the API's 4,095-character cap.
        const len = Math.floor(rand() * 4096);
        const units = Array.from({ length: len }, () => Math.floor(rand() * 0x10000));
        const code = String.fromCharCode(...units);
        const out = await s.scan(code);
        if (!checkOutput.Check(out)) throw new Error(`random case ${i}: invalid answer ${JSON.stringify(out)}`);
      }
    } finally {
      await s.close();
    }
  }, 120_000);
});

describe("tme-qr end to end on the demo data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, pluginsDir: pluginsDir({ examples: [SLUG] }) });
  });
  afterAll(() => t.close());

  const pkOfSku = async (sku: string): Promise<number> => {
    const r = await t.call("GET", `/api/company/part/?SKU=${encodeURIComponent(sku)}&supplier_detail=true`);
    const tme = (r.body as { pk: number; supplier_detail: { name: string } }[]).filter((p) => p.supplier_detail.name === "TME");
    expect(tme.length).toBe(1);
    return tme[0].pk;
  };

  test("a TME QR label resolves the TME supplier part of the demo catalogue", async () => {
    const pk = await pkOfSku("KE-470/25");
    const code = "QTY:10 PN:KE-470/25 PO:20250301/3 CPO:PO-9999 MFR:SAMXON MPN:NOT-IN-DB";
    const res = await t.services.plugins.scanBarcode(code, "0".repeat(32), { user: null });
    expect(res?.slug).toBe(SLUG);
    expect(res?.output).toEqual({
      match: true,
      supplier: { supplier: "TME", sku: "KE-470/25", mpn: "NOT-IN-DB", quantity: 10, purchase_order: "PO-9999", supplier_order: "20250301", manufacturer: "SAMXON", supplier_part: pk },
    });
  });

  test("by MPN, TME's part is chosen among every supplier of that MPN", async () => {
    const pk = await pkOfSku("RC0603FR-0710KL");
    const res = await t.services.plugins.scanBarcode("qty:100 pn:UNKNOWN-SYMBOL mpn:RC0603FR-0710KL", "0".repeat(32), { user: null });
    expect(supplierOf(res?.output).supplier_part).toBe(pk);
  });

  test("the pending line of a placed TME order is found by the customer PO on the label", async () => {
    const spk = await pkOfSku("STM32F103C8T6");
    const tme = ((await t.call("GET", "/api/company/?name=TME")).body as { pk: number; name: string }[]).find((c) => c.name === "TME");
    expect(tme).toBeDefined();
    // References like TME's customer PO: a free "PO-{ref}" pattern instead of InvenTree's default "PO-{ref:04d}".
    expect((await t.call("PATCH", "/api/settings/global/PURCHASEORDER_REFERENCE_PATTERN/", { value: "PO-{ref}" })).status).toBe(200);
    const lines: number[] = [];
    for (const reference of ["PO-TME-1", "PO-TME-2"]) {
      const po = await t.call("POST", "/api/order/po/", { reference, supplier: tme?.pk, supplier_reference: reference === "PO-TME-2" ? "20259999" : "" });
      expect(po.status).toBe(201);
      const line = await t.call("POST", "/api/order/po-line/", { order: po.body.pk, part: spk, quantity: 20 });
      expect(line.status).toBe(201);
      lines.push(line.body.pk);
      expect((await t.call("POST", `/api/order/po/${po.body.pk}/issue/`, {})).status).toBeLessThan(300);
    }
    const byCpo = await t.services.plugins.scanBarcode("QTY:20 PN:STM32F103C8T6 PO:20250001/1 CPO:PO-TME-1", "0".repeat(32), { user: null });
    expect(supplierOf(byCpo?.output)).toMatchObject({ supplier_part: spk, purchase_order_line: lines[0] });
    const bySupplierRef = await t.services.plugins.scanBarcode("QTY:20 PN:STM32F103C8T6 PO:20259999/4", "0".repeat(32), { user: null });
    expect(supplierOf(bySupplierRef?.output)).toMatchObject({ supplier_part: spk, purchase_order_line: lines[1], purchase_order: "20259999" });
  });

  test("a damaged label ends the chain with the plugin's error; a foreign code is no match", async () => {
    const damaged = await t.services.plugins.scanBarcode("QTY:abc PN:KE-470/25", "0".repeat(32), { user: null });
    expect(damaged).toEqual({ slug: SLUG, output: { error: "damaged TME label: the quantity is not a positive number" } });
    expect(await t.services.plugins.scanBarcode("PKE-470/25 hello", "0".repeat(32), { user: null })).toBeNull();
  });
});
