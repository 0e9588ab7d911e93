import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { type Block, ReportDocument } from "../plugin-sdk/schema/report.ts";
import { BUILTIN_REPORTS, findBuiltin } from "../server/modules/report/builtin/index.ts";
import type { AuthUser } from "../server/core/auth.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { type DemoTargets, demoTargets } from "./support/report.ts";

let t: TestApp;
let d: DemoTargets;
let user: AuthUser;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  d = await demoTargets(t.services.database);
  user = { id: t.users.staff, username: "staff", role: "staff" };
});
afterAll(() => t.close());

type TableBlock = Extract<Block, { type: "table" }>;
const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === "table");
const build = async (key: string, pks: number[], extra?: Map<number, Record<string, unknown>>) => {
  const r = findBuiltin(key);
  if (!r) throw new Error(`no built-in ${key}`);
  const doc = await r.build(t.services, pks, { user, now: new Date("2026-01-02T03:04:05Z"), extraContext: extra });
  const errors = [...Value.Errors(ReportDocument, doc)].map((e) => `${e.path}: ${e.message}`);
  expect(errors).toEqual([]);
  return doc;
};

describe("built-in report documents are valid ReportDocuments with the expected content", () => {
  test("stocktake: every in-stock item under the tree, expected = quantity, empty counted, totals per part, location QR", async () => {
    expect(d.warehouseItems).toBeGreaterThan(10);
    const doc = await build("stocktake", [d.warehouse]);
    const [items, perPart] = tables(doc.blocks);
    expect(items.rows.length).toBe(d.warehouseItems);
    expect(items.columns.map((c) => c.title)).toEqual(["Part", "IPN", "Location", "Batch", "Serial", "Quantity", "Expected", "Counted"]);
    for (const r of items.rows) {
      expect(r.expected).toBe(r.quantity);
      expect(r.counted).toBeNull();
      expect(String(r.location).startsWith("Warehouse/")).toBe(true);
    }
    expect(items.totals?.quantity).toBeCloseTo(d.warehouseQuantity, 6);
    expect(perPart.rows.length).toBe(d.warehouseParts);
    expect(perPart.rows.reduce((s, r) => s + Number(r.items), 0)).toBe(d.warehouseItems);
    const qr = doc.blocks.find((b) => b.type === "barcode");
    expect(qr).toMatchObject({ symbology: "qrcode", data: `{"stocklocation": ${d.warehouse}}` });
  });

  test("stocktake of two locations: one section each, separated by a page break", async () => {
    const doc = await build("stocktake", [d.warehouse, d.warehouse + 1]);
    expect(doc.blocks.filter((b) => b.type === "page_break").length).toBe(1);
    expect(tables(doc.blocks).length).toBe(4);
  });

  test("packing list: order lines and each allocated item with serial/batch, shipment QR", async () => {
    const doc = await build("packing-list", [d.shipment]);
    const [lines, items] = tables(doc.blocks);
    expect(lines.rows.length).toBeGreaterThan(0);
    expect(items.rows.length).toBe(d.shipmentAllocations);
    expect(items.rows.some((r) => r.serial !== "")).toBe(true);
    expect(lines.rows.reduce((s, r) => s + Number(r.in_shipment), 0)).toBe(Number(items.totals?.quantity));
    expect(doc.blocks.find((b) => b.type === "barcode")).toMatchObject({ data: `{"salesordershipment": ${d.shipment}}` });
  });

  test("test report: every test recorded for the part, the latest result of each, a summary", async () => {
    const doc = await build("test-report", [d.testedItem]);
    const [tests] = tables(doc.blocks);
    expect(tests.rows.length).toBe(d.testNames.length);
    // The demo's RF Range failed, then passed on retest: the latest counts.
    const rf = tests.rows.find((r) => r.test === "RF Range");
    expect(rf?.result).toBe("PASS");
    const summary = doc.blocks.find((b) => b.type === "paragraph" && b.text.includes("required tests passed"));
    expect(summary).toBeDefined();
    expect(JSON.stringify(doc.blocks)).toContain(d.testedItemSerial ?? "");
  });

  test("purchase order: a row per line with SKU/MPN, totals", async () => {
    const doc = await build("purchase-order", [d.po]);
    const [lines] = tables(doc.blocks);
    expect(lines.rows.length).toBe(d.poLines);
    expect(lines.rows.every((r) => typeof r.sku === "string" && r.sku !== "")).toBe(true);
    const total = lines.rows.reduce((s, r) => s + Number(r.total ?? 0), 0);
    expect(Number(lines.totals?.total)).toBeCloseTo(total, 2);
    expect(doc.title).toBe(`Purchase order ${d.poReference}`);
  });

  test("labels: one per item, native barcode, the chosen size and symbology", async () => {
    const label = findBuiltin("stockitem-label");
    const doc = await label?.build(t.services, [d.testedItem, d.testedItem + 1], { user, label: { width_mm: 62, height_mm: 29, gap_mm: 3, symbology: "datamatrix" } });
    expect(doc && [...Value.Errors(ReportDocument, doc)]).toEqual([]);
    const sheet = doc?.blocks[0];
    if (sheet?.type !== "labels") throw new Error("no label sheet");
    expect(sheet.label).toEqual({ width_mm: 62, height_mm: 29, gap_mm: 3 });
    expect(sheet.items.length).toBe(2);
    expect(sheet.items[0].barcode).toEqual({ symbology: "datamatrix", data: `{"stockitem": ${d.testedItem}}` });
    expect(sheet.items[0].lines.some((l) => l.startsWith("Location: "))).toBe(true);
    for (const key of ["part-label", "stocklocation-label"]) {
      const b = (await build(key, [1, 2])).blocks[0];
      expect(b.type === "labels" && b.items.length === 2 && b.items[0].lines.length > 0).toBe(true);
    }
  });

  test("plugin-added context is shown, without replacing the built-in's own keys", async () => {
    const extra = new Map([[d.po, { approved_by: "Dana", stock_items: "ignored", risk: [{ item: "R1", level: 2 }] }]]);
    const doc = await build("purchase-order", [d.po], extra);
    const text = JSON.stringify(doc.blocks);
    expect(text).toContain("Additional information");
    expect(text).toContain("Dana");
    expect(tables(doc.blocks).find((b) => b.caption === "risk")?.rows).toEqual([{ item: "R1", level: 2 }]);
    // `lines` is the built-in's own: a plugin cannot replace it.
    const doc2 = await build("purchase-order", [d.po], new Map([[d.po, { lines: "nope" }]]));
    expect(JSON.stringify(doc2.blocks)).not.toContain("Additional information");
  });

  test("every built-in declares a model and formats", () => {
    for (const r of BUILTIN_REPORTS) {
      expect(r.formats.length).toBeGreaterThan(0);
      expect(["report", "label"]).toContain(r.kind);
    }
  });
});
