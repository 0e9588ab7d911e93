/**
 * The kits' typed bindings (plugin-sdk/kits/typescript/abi.ts, rust/abi.rs, assemblyscript/abi.ts,
 * c/binventory_abi.h) are generated from the published JSON Schemas and committed: they must equal
 * what the generator makes now, and the published schemas what the TypeBox source makes. The
 * Rust, AssemblyScript and C bindings are compiled and run by the scaffolds' builds
 * (plugin-cli.test.ts: barcode and report plugins through each kit's bindings and report builder).
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { kitBindings } from "../plugin-sdk/cli/bindings.ts";
import type { BarcodeScanOutput, ReportBuildOutput, StockAdjustRequest } from "../plugin-sdk/kits/typescript/abi.ts";
import { ReportBuilder } from "../plugin-sdk/kits/typescript/report.ts";
import { explainSchemaErrors } from "../plugin-sdk/schema/explain.ts";
import { EXPORTS, HOST_FUNCTION_REQUESTS } from "../plugin-sdk/schema/index.ts";
import { abiJsonSchemas } from "../plugin-sdk/schema/json-schemas.ts";

const SDK = join(import.meta.dir, "..", "plugin-sdk");
const published = Object.fromEntries(
  readdirSync(join(SDK, "json-schema"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f, JSON.parse(readFileSync(join(SDK, "json-schema", f), "utf8"))]),
);

describe("generated bindings", () => {
  test("plugin-sdk/json-schema is what the TypeBox source gives (npm run abi:schemas)", () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(abiJsonSchemas())));
  });

  for (const [file, text] of Object.entries(kitBindings(published))) {
    test(`plugin-sdk/kits/${file} is up to date (bun scripts/gen-kit-bindings.ts)`, () => {
      expect(readFileSync(join(SDK, "kits", file), "utf8")).toBe(text);
    });
  }

  test("values typed with the TypeScript bindings are valid against the ABI schemas", () => {
    const outputs: BarcodeScanOutput[] = [{ match: false }, { match: true, model: "part", pk: 3 }, { match: true, supplier: { supplier: "Acme", sku: "A-1", quantity: 5 } }, { error: "torn label" }];
    for (const o of outputs) expect(explainSchemaErrors(EXPORTS.barcode_scan.output, o)).toEqual([]);
    const report: ReportBuildOutput = { document: { title: "t", blocks: [{ type: "heading", text: "h" }, { type: "labels", label: { width_mm: 50, height_mm: 20 }, items: [{ lines: ["x"] }] }] } };
    expect(explainSchemaErrors(EXPORTS.report_build.output, report)).toEqual([]);
    const adjust: StockAdjustRequest = { op: "remove", items: [{ pk: 1, quantity: 2 }] };
    expect(explainSchemaErrors(HOST_FUNCTION_REQUESTS.bv_stock_adjust, adjust)).toEqual([]);
  });

  test("the TypeScript kit's report builder gives report_build output valid against the ABI schema", () => {
    const output = new ReportBuilder("Stock at Shelf 1")
      .heading("Parts", 2)
      .keyValue("Location", "Shelf 1")
      .keyValue("Items", 3)
      .table([["name", "Part"], ["quantity", "Quantity"]], [{ name: "R1", quantity: 4 }], { zebra: true })
      .barcode("qrcode", "SL-1")
      .spacer(5)
      .pageBreak()
      .paragraph("end", { align: "center" })
      .toOutput();
    expect(explainSchemaErrors(EXPORTS.report_build.output, output)).toEqual([]);
    // Consecutive key/value lines share one list.
    expect(output.document.blocks.map((b) => b.type)).toEqual(["heading", "keyvalue", "table", "barcode", "spacer", "page_break", "paragraph"]);
  });

  test("the AssemblyScript and C bindings name every ABI type, with its enums' values", () => {
    const as = readFileSync(join(SDK, "kits", "assemblyscript", "abi.ts"), "utf8");
    const c = readFileSync(join(SDK, "kits", "c", "binventory_abi.h"), "utf8");
    for (const name of ["BarcodeScanInput", "BarcodeScanOutput", "SupplierBarcode", "ReportDocument", "ReportDocumentBlock", "StockAdjustRequest", "SearchRequest"]) {
      expect(as).toContain(`export class ${name} {`);
      expect(c).toContain(`} bv_${name};`);
      expect(c).toContain(`static inline void bv_write_${name}(bv_buf *b, const bv_${name} *v)`);
    }
    expect(as).toContain('static readonly Transfer: string = "transfer";');
    expect(c).toContain("BV_STOCK_ADJUST_REQUEST_OP_TRANSFER,");
  });

  test("the Rust bindings name every ABI type and carry the allowed values of its enums", () => {
    const rust = readFileSync(join(SDK, "kits", "rust", "abi.rs"), "utf8");
    for (const name of ["BarcodeScanInput", "BarcodeScanOutput", "SupplierBarcode", "ReportDocument", "ReportDocumentBlock", "StockAdjustRequest", "SearchRequest"]) {
      expect(rust).toMatch(new RegExp(`pub (struct|enum) ${name} \\{`));
    }
    expect(rust).toContain('StockAdjustRequestOp::Transfer => "transfer"');
  });
});
