// inventory-valuation (Rust report plugin): (a) report_build straight through @extism/extism with
// fake host functions, and at 10,000 items under the real sandbox with the manifest's limits;
// (b) end to end through the plugin registry on the demo data, with the context built from the API.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import createPlugin, { type CallContext } from "@extism/extism";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { type PluginManifest, PluginManifest as ManifestSchema, type ReportDocument, ReportBuildOutput } from "../plugin-sdk/schema/index.ts";
import { createKernelGuard, MeteredPlugin, prepareModule } from "../server/plugin-host/sandbox/index.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { callPlugin, type FakeHandler, PLUGINS_DIR, pluginBytes } from "./support/fake-host.ts";
import { pluginsDir } from "./support/plugins.ts";

const SLUG = "inventory-valuation";
const manifest = JSON.parse(readFileSync(join(PLUGINS_DIR, SLUG, "plugin.json"), "utf8")) as PluginManifest;
const checkOutput = TypeCompiler.Compile(ReportBuildOutput);

type Table = Extract<ReportDocument["blocks"][number], { type: "table" }>;
type Row = { part: string; ipn: string | null; quantity: number; unit_price: number | null; value: number };

/** A stock item as GET /api/stock/?part_detail=true shows it (the fields the plugin reads and a few it skips). */
function apiItem(pk: number, part: number, name: string, quantity: number, price: number | string | null, ipn = "") {
  return {
    pk, part, location: 7, quantity, serial: null, batch: `B-${pk}`, status: 10, status_text: "OK", purchase_price: price, notes: "", in_stock: true,
    part_detail: { pk: part, name, full_name: name, IPN: ipn, description: "…", units: "", category: 1, minimum_stock: 0, active: true },
  };
}

const LOCATION = { pk: 7, name: "Regal 3", pathstring: "Lager Süd/Regal 3", description: "", parent: 2 };

function input(context: Record<string, unknown>, report = SLUG): string {
  return JSON.stringify({ report, format: "pdf", context: { location: LOCATION, ...context }, user: { pk: 1, username: "admin", role: "superuser" } });
}

/** The validated document of a successful call. */
function documentOf(r: { output: unknown; error: string | null }): ReportDocument {
  expect(r.error).toBeNull();
  expect([...checkOutput.Errors(r.output)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
  return (r.output as { document: ReportDocument }).document;
}

const tableOf = (doc: ReportDocument) => doc.blocks.find((b): b is Table => b.type === "table") as Table;
const paragraphs = (doc: ReportDocument) => doc.blocks.flatMap((b) => (b.type === "paragraph" ? [b.text] : []));
const keyvalues = (doc: ReportDocument) => Object.fromEntries(doc.blocks.flatMap((b) => (b.type === "keyvalue" ? b.items.map((i) => [i.key, i.value]) : [])));

/** A bv_search over `items`, honouring limit and offset as the host does. */
function pagedSearch(items: unknown[]): FakeHandler {
  return (req) => {
    const offset = typeof req.offset === "number" ? req.offset : 0;
    const limit = typeof req.limit === "number" ? req.limit : 100;
    return { ok: true, data: { count: items.length, next: null, previous: null, results: items.slice(offset, offset + limit) } };
  };
}
const noSearch: FakeHandler = () => ({ ok: false, error: "bv_search should not be called" });
const call = (text: string, search: FakeHandler = noSearch) => callPlugin(SLUG, text, { bv_search: search }, "report_build");

describe("inventory-valuation: build and manifest", () => {
  test("plugin.json matches the manifest schema and declares the report; the module exports report_build and imports only bv_search", () => {
    const check = TypeCompiler.Compile(ManifestSchema);
    expect([...check.Errors(manifest)]).toEqual([]);
    expect(manifest.kinds.report?.reports).toEqual([
      { key: SLUG, name: "Inventory valuation", description: expect.any(String), model: "stocklocation", formats: ["pdf", "html", "csv", "md", "tex"] },
    ]);
    expect(manifest.permissions).toEqual(["bv_search"]);
    const module = new WebAssembly.Module(pluginBytes(SLUG));
    expect(WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name)).toContain("report_build");
    const imports = WebAssembly.Module.imports(module);
    for (const imp of imports) expect(["extism:host/env", "extism:host/user"]).toContain(imp.module);
    expect(imports.filter((i) => i.module === "extism:host/user").map((i) => i.name)).toEqual(["bv_search"]);
  });
});

describe("inventory-valuation: report_build with fake host functions", () => {
  const items = [
    apiItem(1, 10, "Widerstand 10 kΩ", 4, 1.5, "R-10K"),
    apiItem(2, 10, "Widerstand 10 kΩ", 2, 2),
    apiItem(3, 11, "LED 🔴 rot", 3, null, "LED-R"),
    apiItem(4, 12, 'Kabel "rot" \\ 2 m', 100, "0.10000"), // InvenTree's decimal strings
    apiItem(5, 13, "東京 Connector", 1, 25.25),
    apiItem(6, 13, "東京 Connector", 0.5, null),
  ];

  test("the document: title, page, bands, heading, key/value, QR of the location, then the table", async () => {
    const doc = documentOf(await call(input({ stock_items: items, date: "2026-11-24" })));
    expect(doc.title).toBe("Inventory valuation — Lager Süd/Regal 3");
    expect(doc.page).toEqual({ size: "A4", orientation: "portrait", margin_mm: 15 });
    expect(JSON.stringify([doc.header, doc.footer])).toContain("{page}");
    expect(JSON.stringify([doc.header, doc.footer])).toContain("{pages}");
    expect(JSON.stringify([doc.header, doc.footer])).toContain("{date}");
    expect(doc.blocks.map((b) => b.type)).toEqual(["heading", "keyvalue", "barcode", "paragraph", "table"]);
    expect(doc.blocks[0]).toEqual({ type: "heading", text: "Inventory valuation", level: 1 });
    expect(keyvalues(doc)).toEqual({ Location: "Lager Süd/Regal 3", Items: 6, Parts: 4, "Total value": 45.25, Date: "2026-11-24" });
    expect(doc.blocks[2]).toMatchObject({ type: "barcode", symbology: "qrcode", data: '{"stocklocation": 7}' });
    const table = tableOf(doc);
    expect(table.columns.map((c) => [c.key, c.title, c.align, c.format])).toEqual([
      ["part", "Part", "left", "text"],
      ["ipn", "IPN", "left", "text"],
      ["quantity", "Quantity", "right", "number"],
      ["unit_price", "Unit price", "right", "currency"],
      ["value", "Value", "right", "currency"],
    ]);
    for (const c of table.columns) expect(c.width).toBeGreaterThan(0);
    expect(table.zebra).toBe(true);
    expect(table.repeat_header).toBe(true);
  });

  test("aggregates per part, values at purchase price, sorts by value (ties by name), totals; non-ASCII and escapes intact", async () => {
    const table = tableOf(documentOf(await call(input({ stock_items: items }))));
    const rows = table.rows as Row[];
    expect(rows.map((r) => [r.part, r.ipn, r.quantity, r.value])).toEqual([
      ["東京 Connector", null, 1.5, 25.25],
      ['Kabel "rot" \\ 2 m', null, 100, 10],
      ["Widerstand 10 kΩ", "R-10K", 6, 10],
      ["LED 🔴 rot", "LED-R", 3, 0],
    ]);
    // Average over priced items, weighted by quantity; none priced → null.
    expect(rows.map((r) => r.unit_price)).toEqual([25.25, 0.1, 1.666667, null]);
    expect(table.totals).toEqual({ part: "Total", quantity: 110.5, value: 45.25 });
  });

  test("items without a purchase price count 0 and are flagged; the caller's qr_data wins", async () => {
    const doc = documentOf(await call(input({ stock_items: items, qr_data: "SL7" })));
    expect(paragraphs(doc)).toEqual(["2 items have no purchase price; they count with value 0."]);
    expect(doc.blocks.find((b) => b.type === "barcode")).toMatchObject({ data: "SL7" });
    const one = documentOf(await call(input({ stock_items: items.slice(0, 3) })));
    expect(paragraphs(one)).toEqual(["1 item has no purchase price; it counts with value 0."]);
    const none = documentOf(await call(input({ stock_items: items.slice(0, 2) })));
    expect(paragraphs(none)).toEqual([]);
  });

  test("float noise is rounded away (0.1 + 0.2)", async () => {
    const table = tableOf(documentOf(await call(input({ stock_items: [apiItem(1, 1, "A", 1, 0.1), apiItem(2, 1, "A", 1, 0.2)] }))));
    expect(table.rows).toEqual([{ part: "A", ipn: null, quantity: 2, unit_price: 0.15, value: 0.3 }]);
    expect(table.totals).toEqual({ part: "Total", quantity: 2, value: 0.3 });
  });

  test("an empty location: no rows, zero totals, a note", async () => {
    const doc = documentOf(await call(input({ stock_items: [] })));
    expect(tableOf(doc).rows).toEqual([]);
    expect(tableOf(doc).totals).toEqual({ part: "Total", quantity: 0, value: 0 });
    expect(paragraphs(doc)).toEqual(["No stock items under this location."]);
    expect(keyvalues(doc)).toMatchObject({ Items: 0, Parts: 0, "Total value": 0, Date: null });
  });

  test("without stock_items it pages through bv_search itself (location, cascade, in_stock, part_detail)", async () => {
    const many = Array.from({ length: 2500 }, (_, i) => apiItem(i + 1, 100 + (i % 7), `Part ${i % 7}`, 1 + (i % 3), i % 5 === 0 ? null : 2));
    const r = await call(input({}), pagedSearch(many));
    const doc = documentOf(r);
    expect(r.calls.map((c) => c.request)).toEqual(
      [0, 1000, 2000].map((offset) => ({ model: "stockitem", filters: { location: 7, cascade: true, in_stock: true, part_detail: true }, limit: 1000, offset })),
    );
    const quantity = many.reduce((s, it) => s + it.quantity, 0);
    const value = many.reduce((s, it) => s + (it.purchase_price === null ? 0 : it.quantity * 2), 0);
    expect(tableOf(doc).totals).toEqual({ part: "Total", quantity, value });
    expect(tableOf(doc).rows).toHaveLength(7);
    expect(keyvalues(doc)).toMatchObject({ Items: 2500, Parts: 7 });
    expect(paragraphs(doc)).toEqual(["500 items have no purchase price; they count with value 0."]);
  });

  test("a host error from bv_search becomes the plugin's error, non-ASCII intact", async () => {
    const r = await call(input({}), () => ({ ok: false, error: "Lagerort „Süd“ 🏭 gesperrt" }));
    expect(r.error).toBe("Lagerort „Süd“ 🏭 gesperrt");
  });

  test("bad input is refused without calling the host", async () => {
    const cases: [string, string][] = [
      [input({ stock_items: [] }, "other"), 'unknown report "other": this plugin provides "inventory-valuation"'],
      [JSON.stringify({ report: SLUG, format: "pdf", context: { stock_items: [] }, user: null }), "context.location must be a stock location object with a pk"],
      [JSON.stringify({ report: SLUG, format: "pdf", context: { location: { pk: "7" } }, user: null }), "context.location must be a stock location object with a pk"],
      [input({ stock_items: [1, 2] }), "context.stock_items must be a list of stock item objects"],
      [JSON.stringify({ report: SLUG, format: "pdf", context: [], user: null }), "context must be an object"],
    ];
    for (const [text, message] of cases) {
      const r = await call(text);
      expect(r.error).toBe(message);
      expect(r.calls).toEqual([]);
    }
    for (const junk of ["{not json", '{"report": "inventory-valuation", "context": {"location": {"pk": 7}, "stock_items": [{"part": 1,}', "[]", ""]) {
      const r = await call(junk);
      expect(r.error).not.toBeNull();
      expect(r.output).toBeNull();
    }
  });
});

describe("inventory-valuation: 10,000 items under the sandbox with the manifest's limits", () => {
  /** Runs report_build as the server does: metered, memory-capped module, guarded host blocks. */
  async function sandboxed(text: string) {
    const limits = manifest.limits ?? {};
    const prepared = prepareModule(pluginBytes(SLUG), { fuel: limits.fuel, memoryPages: limits.memory_pages });
    const guard = createKernelGuard(limits.host_memory_bytes ?? 16 * 1024 * 1024);
    const plugin = await createPlugin(
      { wasm: [{ data: prepared.bytes }] },
      { useWasi: false, runInWorker: false, functions: { ...guard.functions, "extism:host/user": { bv_search: (cp: CallContext) => cp.store('{"ok":false,"error":"unused"}') } } },
    );
    try {
      const metered = await MeteredPlugin.attach(plugin, prepared, guard);
      const r = await metered.call("report_build", text);
      const bytes = r.output?.bytes() ?? new Uint8Array();
      return { fuelUsed: r.fuelUsed, outputBytes: bytes.byteLength, output: JSON.parse(new TextDecoder().decode(bytes)) as unknown };
    } finally {
      await plugin.close();
    }
  }

  for (const [label, parts] of [["10,000 distinct parts", 10_000], ["100 parts", 100]] as const) {
    test(`${label}: within fuel, memory and output limits, and correct`, async () => {
      const many = Array.from({ length: 10_000 }, (_, i) => apiItem(i + 1, (i % parts) + 1, `Bauteil ${(i % parts) + 1} – Ω`, 1 + (i % 13), i % 10 === 0 ? null : 0.5 + (i % 97) / 8, `IPN-${i % parts}`));
      const r = await sandboxed(input({ stock_items: many }));
      expect(r.fuelUsed).toBeLessThan(BigInt(manifest.limits?.fuel ?? 0));
      expect(r.outputBytes).toBeLessThan(manifest.limits?.max_output_bytes ?? 0);
      const doc = documentOf({ output: r.output, error: null });
      const table = tableOf(doc);
      expect(table.rows).toHaveLength(parts);
      const values = (table.rows as Row[]).map((row) => row.value);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      const quantity = many.reduce((s, it) => s + it.quantity, 0);
      const value = many.reduce((s, it) => s + (it.purchase_price === null ? 0 : it.quantity * (it.purchase_price as number)), 0);
      expect(table.totals?.quantity).toBe(quantity);
      expect(table.totals?.value as number).toBeCloseTo(value, 4);
      expect(paragraphs(doc)).toEqual(["1000 items have no purchase price; they count with value 0."]);
    }, 60_000);
  }
});

describe("inventory-valuation: end to end on the demo data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, pluginsDir: pluginsDir({ examples: [SLUG] }) });
  });
  afterAll(async () => {
    await t.close();
  });

  /** The context the report API would build: the location and every item under it, with part details. */
  async function contextFor(pk: number) {
    const location = await t.call("GET", `/api/stock/location/${pk}/`);
    const stock = await t.call("GET", `/api/stock/?location=${pk}&cascade=true&in_stock=true&part_detail=true`);
    expect(location.status).toBe(200);
    expect(stock.status).toBe(200);
    return { location: location.body as { pk: number; pathstring: string }, stock_items: stock.body as { part: number; quantity: number; purchase_price: number | null }[] };
  }

  /** A location of the demo data whose subtree holds items of several parts. */
  async function busyLocation(): Promise<number> {
    const locations = (await t.call("GET", "/api/stock/location/")).body as { pk: number }[];
    let best = { pk: 0, parts: 0 };
    for (const loc of locations) {
      const { stock_items } = await contextFor(loc.pk);
      const parts = new Set(stock_items.map((i) => i.part)).size;
      if (parts > best.parts) best = { pk: loc.pk, parts };
    }
    expect(best.parts).toBeGreaterThan(1);
    return best.pk;
  }

  test("the registry lists the plugin with its report and runs report_build on a context from the API", async () => {
    const listed = (await t.call("GET", "/api/plugins/")).body as { key?: string; slug?: string; error?: string | null }[];
    const entry = listed.find((p) => (p.slug ?? p.key) === SLUG);
    expect(entry).toBeDefined();
    expect(entry?.error ?? null).toBeNull();
    const pk = await busyLocation();
    const context = { ...(await contextFor(pk)), date: "2026-11-24" };
    const output = await t.services.plugins.call(SLUG, "report_build", { report: SLUG, format: "pdf", context, user: null }, { user: null });
    const doc = documentOf({ output, error: null });
    expect(doc.title).toBe(`Inventory valuation — ${context.location.pathstring}`);
    const table = tableOf(doc);
    const quantity = context.stock_items.reduce((s, it) => s + it.quantity, 0);
    const value = context.stock_items.reduce((s, it) => s + it.quantity * (it.purchase_price ?? 0), 0);
    expect(table.totals?.quantity as number).toBeCloseTo(quantity, 6);
    expect(table.totals?.value as number).toBeCloseTo(value, 4);
    expect(table.rows).toHaveLength(new Set(context.stock_items.map((i) => i.part)).size);
    expect(keyvalues(doc)).toMatchObject({ Location: context.location.pathstring, Items: context.stock_items.length });
    expect(doc.blocks.find((b) => b.type === "barcode")).toMatchObject({ data: `{"stocklocation": ${pk}}` });

    // Without stock_items the plugin searches through the real host and finds the same stock.
    const searched = await t.services.plugins.call(SLUG, "report_build", { report: SLUG, format: "csv", context: { location: context.location, date: "2026-11-24" }, user: null }, { user: null });
    expect(searched).toEqual(output);
  });

  test("an unknown report key is the plugin's error, named for the plugin", async () => {
    const context = await contextFor((await t.call("GET", "/api/stock/location/")).body[0].pk);
    const err = await t.services.plugins.call(SLUG, "report_build", { report: "nope", format: "pdf", context, user: null }, { user: null }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('unknown report "nope"');
  });
});
