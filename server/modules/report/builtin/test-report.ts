/**
 * Acceptance test report for a stock item (InvenTree's TestReport): the part, the serial, each
 * required test (the distinct tests recorded for the part's items) with this item's latest result,
 * and a pass/fail summary.
 */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import { REPORT_FORMATS } from "../../../../plugin-sdk/schema/report.ts";
import { type StockItemContext, stockItemContext } from "../context.ts";
import { extraContextBlocks, joinSections, pageBands, printedBy, contextsInOrder } from "./common.ts";
import type { BuildOptions, BuiltinReport } from "./types.ts";

const OWN_KEYS = ["item", "stock_item", "part", "serial", "tests", "results", "result_list", "qr_data", "date", "datetime", "user"];

/** Passed, failed and not-run counts over the required tests; PASS only when every one passed. */
export function testSummary(c: StockItemContext): { passed: number; failed: number; missing: number; verdict: "PASS" | "FAIL" | "INCOMPLETE" } {
  let passed = 0;
  let failed = 0;
  for (const t of c.tests) {
    const r = c.results[t.key];
    if (!r) continue;
    if (r.result) passed++;
    else failed++;
  }
  const missing = c.tests.length - passed - failed;
  return { passed, failed, missing, verdict: failed > 0 ? "FAIL" : missing > 0 ? "INCOMPLETE" : "PASS" };
}

/** The test report of one stock item. */
export function testReportBlocks(c: StockItemContext, opts: BuildOptions): Block[] {
  const s = testSummary(c);
  const rows = c.tests.map((t) => {
    const r = c.results[t.key];
    return { test: t.name, result: r ? (r.result ? "PASS" : "FAIL") : "Not run", value: r?.value ?? "", date: r?.date.slice(0, 10) ?? "", notes: r?.notes ?? "" };
  });
  const title = c.serial ? `${c.part.full_name} #${c.serial}` : `${c.part.full_name} (stock item ${c.item.pk})`;
  return [
    { type: "heading", text: `Test report: ${title}`, level: 1 },
    {
      type: "keyvalue",
      items: [
        { key: "Part", value: c.part.full_name },
        { key: "IPN", value: c.part.IPN },
        { key: "Serial", value: c.serial ?? "" },
        { key: "Batch", value: c.item.batch },
        { key: "Stock item", value: c.item.pk },
        { key: "Location", value: c.item.location_detail?.pathstring ?? "" },
        { key: "Result", value: s.verdict },
        ...printedBy(c),
      ],
    },
    { type: "barcode", symbology: "qrcode", data: c.qr_data, width_mm: 25, height_mm: 25, caption: c.qr_data, align: "right" },
    {
      type: "table",
      caption: "Tests",
      columns: [
        { key: "test", title: "Test", width: 4 },
        { key: "result", title: "Result", width: 1.5, align: "center" },
        { key: "value", title: "Value", width: 2 },
        { key: "date", title: "Date", width: 2, format: "date" },
        { key: "notes", title: "Notes", width: 4 },
      ],
      rows,
      repeat_header: true,
    },
    {
      type: "paragraph",
      bold: true,
      text: `${s.passed} of ${c.tests.length} required tests passed, ${s.failed} failed, ${s.missing} not run: ${s.verdict}`,
    },
    ...extraContextBlocks(opts, c.item.pk, OWN_KEYS),
  ];
}

export const testReport: BuiltinReport = {
  key: "test-report",
  name: "Test report",
  description: "Acceptance test report for a stock item: required tests, results and a pass/fail summary",
  model: "stockitem",
  kind: "report",
  formats: REPORT_FORMATS,
  async build(ctx, pks, opts) {
    const contexts = await contextsInOrder(pks, (pk) => stockItemContext(ctx.database, pk, opts));
    const title = contexts.length === 1 ? `Test report ${contexts[0].part.full_name}${contexts[0].serial ? ` #${contexts[0].serial}` : ""}` : "Test reports";
    return { title, page: { size: "A4", margin_mm: 15 }, ...pageBands(), blocks: joinSections(contexts.map((c) => testReportBlocks(c, opts))) };
  },
};
