/**
 * A plugin's union-shaped output (barcode answers, report documents) that breaks the ABI is
 * explained through the branch it means — chosen by `match`, `document`, a block's `type` — with
 * the exact path, the rule, and the allowed values of an enum; so is a plugin.json the server refuses.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { pluginsDir, writePlugin } from "./support/plugins.ts";
import { reportWat, writeReportPlugin } from "./support/report-plugins.ts";

/** A module whose `exportName` answers `output` whatever its input (reportWat's, renamed). */
const constant = (exportName: string, output: unknown) => {
  const wasm = reportWat(JSON.stringify(output));
  if (exportName === "report_build") return wasm;
  // Same length export name: the module's bytes are patched, not re-assembled.
  const from = new TextEncoder().encode("report_build");
  const to = new TextEncoder().encode(exportName.padEnd(12, "_").slice(0, 12));
  for (let i = 0; i + from.length <= wasm.length; i++) if (from.every((b, j) => wasm[i + j] === b)) wasm.set(to, i);
  return wasm;
};

const barcodePlugin = (slug: string, prefix: string) => ({ abi: 1, slug, name: slug, version: "1.0.0", kinds: { barcode: { patterns: [`^${prefix}`] } } });
const labels = { type: "labels", label: { width_mm: 2, height_mm: 20 }, items: [] };

let t: TestApp;
beforeAll(async () => {
  const dir = pluginsDir();
  writePlugin(dir, "pk-string", barcodePlugin("pk-string", "PKS"), constant("barcode_scan", { match: true, model: "part", pk: "12" }));
  writePlugin(dir, "match-yes", barcodePlugin("match-yes", "MYES"), constant("barcode_scan", { match: "yes" }));
  writePlugin(dir, "bad-sku", barcodePlugin("bad-sku", "BSKU"), constant("barcode_scan", { match: true, supplier: { sku: 42 } }));
  const report = (key: string) => [{ key, name: key, model: "stocklocation" }];
  writeReportPlugin(dir, "tiny-label", report("tiny"), constant("report_build", { document: { title: "x", blocks: [{ type: "heading", text: "ok" }, labels] } }));
  writeReportPlugin(dir, "odd-block", report("odd"), constant("report_build", { document: { title: "x", blocks: [{ type: "headline", text: "x" }] } }));
  writeReportPlugin(dir, "odd-align", report("align"), constant("report_build", { document: { title: "x", blocks: [{ type: "paragraph", text: "x", align: "middle" }] } }));
  writePlugin(dir, "typo", { ...barcodePlugin("typo", "TY"), permisions: ["bv_log"], permissions: ["bv_logg"] }, constant("barcode_scan", { match: false }));
  t = await makeTestApp({ demo: true, pluginsDir: dir });
});
afterAll(() => t.close());

/** The failing plugin's last error, as its administrators see it. */
async function lastError(slug: string): Promise<string> {
  const r = await t.call("GET", `/api/plugins/${slug}/`);
  return (r.body.stats.last_error as { detail: string } | null)?.detail ?? "";
}

describe("barcode answers are explained by their branch", () => {
  const cases: [string, string, string][] = [
    ["pk-string", "PKS-1", "/pk: Expected integer"],
    ["match-yes", "MYES-1", "/match: must be one of false, true, not \"yes\""],
    ["bad-sku", "BSKU-1", "/supplier/sku: Expected string"],
  ];
  for (const [slug, barcode, detail] of cases) {
    test(`${slug}: ${detail}`, async () => {
      await t.call("POST", "/api/barcode/", { barcode }, "staff");
      const error = await lastError(slug);
      expect(error).toContain(`barcode_scan output does not match the ABI schema at ${detail}`);
      expect(error).not.toContain("Expected union value");
    });
  }
});

describe("report documents are explained block by block", () => {
  const cases: [string, string, string][] = [
    ["tiny-label:tiny", "tiny-label", "/document/blocks/1/label/width_mm: Expected number to be greater or equal to 5"],
    ["odd-block:odd", "odd-block", '/document/blocks/0/type: must be one of "heading", "paragraph", "keyvalue", "table", "image", "barcode", "labels", "spacer", "page_break", not "headline"'],
    ["odd-align:align", "odd-align", '/document/blocks/0/align: must be one of "left", "center", "right", not "middle"'],
  ];
  for (const [template, slug, detail] of cases) {
    test(`${slug}: ${detail.split(":")[0]}`, async () => {
      const location = (await t.call("GET", "/api/stock/location/?limit=1")).body.results[0].pk;
      const r = await t.call("POST", "/api/report/print/", { template, items: [location], format: "html" });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ plugin: slug, failure: "output_schema" });
      expect(r.body.detail).toContain(detail);
    });
  }
});

test("a refused plugin.json names the misspelt field and lists the allowed permissions", async () => {
  const listed = (await t.call("GET", "/api/plugins/")).body as { key: string; error: string | null }[];
  const error = listed.find((p) => p.key === "typo")?.error ?? "";
  expect(error).toContain("/permisions: Unexpected property");
  expect(error).toContain('/permissions/0: must be one of "bv_get", "bv_search", "bv_stock_adjust", "bv_setting_get", "bv_log", not "bv_logg"');
});
