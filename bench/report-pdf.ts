#!/usr/bin/env bun
/**
 * Report PDF speed: a stocktake-shaped table of 10,000 rows rendered by renderDocument to PDF,
 * against a bare pdfkit table of the same rows measured in the same run (same embedded font and
 * size, same page size and margins; each cell one doc.text call, new page when full, no header
 * repetition, no measuring, no wrapping). Goals: ≤ 2 s, and ≥ 0.5× the bare rate.
 * The last line is one JSON object with every number.  Usage: bun bench/report-pdf.ts [--rows N]
 */
import PDFDocument from "pdfkit";
import type { ReportDocument } from "../plugin-sdk/schema/report.ts";
import { fontBytes } from "../server/modules/report/renderers/fonts.ts";
import { renderDocument } from "../server/modules/report/renderers/index.ts";

const argRows = process.argv.indexOf("--rows");
const ROWS = argRows > 0 ? Number(process.argv[argRows + 1]) : 10_000;
const ROUNDS = 5;
const MM = 72 / 25.4;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const columns = [
  { key: "pk", title: "Item", width: 0.8, format: "integer" as const },
  { key: "part", title: "Part", width: 3 },
  { key: "ipn", title: "IPN", width: 1.2 },
  { key: "location", title: "Location", width: 2.2 },
  { key: "batch", title: "Batch", width: 1.2 },
  { key: "expected", title: "Expected", width: 1, format: "number" as const, decimals: 2 },
  { key: "counted", title: "Counted", width: 1, format: "number" as const, decimals: 2 },
  { key: "delta", title: "Δ", width: 0.8, format: "number" as const, decimals: 2 },
];
const rows = Array.from({ length: ROWS }, (_, i) => {
  const expected = (i * 37) % 500;
  const counted = expected - (i % 7 === 0 ? 2 : 0);
  return { pk: i + 1, part: `Resistor ${(i % 97) * 10} Ω 0603 1%`, ipn: `R-${String(i % 997).padStart(4, "0")}`, location: `Store/Shelf ${i % 40}/Bin ${i % 12}`, batch: `B${2024}-${i % 31}`, expected, counted, delta: counted - expected };
});
const report: ReportDocument = {
  title: "Stocktake",
  page: { size: "A4", margin_mm: 15 },
  header: { left: "{title}", right: "Page {page} of {pages}" },
  footer: { center: "{date}" },
  blocks: [{ type: "table", columns, rows, zebra: true, totals: { part: "Total", expected: rows.reduce((a, r) => a + r.expected, 0), counted: rows.reduce((a, r) => a + r.counted, 0) } }],
};

/** The floor: pdfkit drawing the same cells as plain text lines. */
async function barePdfkit(): Promise<Uint8Array> {
  const size: [number, number] = [210 * MM, 297 * MM];
  const margin = 15 * MM;
  const doc = new PDFDocument({ size, margin, font: null as unknown as string });
  const chunks: Uint8Array[] = [];
  doc.on("data", (c: Uint8Array) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.registerFont("body", fontBytes("regular"));
  doc.font("body").fontSize(9);
  const width = size[0] - 2 * margin;
  const weights = columns.map((c) => c.width);
  const sum = weights.reduce((a, b) => a + b, 0);
  const xs: number[] = [];
  let x = margin;
  for (const w of weights) {
    xs.push(x);
    x += (w / sum) * width;
  }
  const rowHeight = doc.currentLineHeight(true) + 4;
  let y = margin;
  for (const row of rows) {
    if (y + rowHeight > size[1] - margin) {
      doc.addPage();
      y = margin;
    }
    const r = row as Record<string, string | number>;
    for (let i = 0; i < columns.length; i++) doc.text(String(r[columns[i].key]), xs[i] + 3, y + 2, { lineBreak: false });
    y += rowHeight;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function measure(run: () => Promise<Uint8Array>): Promise<{ seconds: number; bytes: number }> {
  await run(); // warm-up: fonts parsed, JIT settled
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    bytes = (await run()).length;
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), bytes };
}

const bare = await measure(barePdfkit);
const ours = await measure(async () => (await renderDocument(report, "pdf")).bytes);
const ratio = bare.seconds / ours.seconds;
const fmt = (n: number) => n.toFixed(3).padStart(8);
console.log(`report PDF, ${ROWS.toLocaleString("en-US")} rows × ${columns.length} columns (median of ${ROUNDS})`);
console.log("case                      seconds   rows/s      KB");
console.log(`bare pdfkit table        ${fmt(bare.seconds)} ${String(Math.round(ROWS / bare.seconds)).padStart(8)} ${String(Math.round(bare.bytes / 1024)).padStart(7)}`);
console.log(`renderDocument → pdf     ${fmt(ours.seconds)} ${String(Math.round(ROWS / ours.seconds)).padStart(8)} ${String(Math.round(ours.bytes / 1024)).padStart(7)}`);
console.log(`rate ratio (ours / bare) ${ratio.toFixed(2)}×   goals: ≤ 2 s ${ours.seconds <= 2 ? "met" : "MISSED"}, ≥ 0.5× ${ratio >= 0.5 ? "met" : "MISSED"}`);
console.log(JSON.stringify({ bench: "report-pdf", rows: ROWS, bare_s: +bare.seconds.toFixed(4), render_s: +ours.seconds.toFixed(4), rate_ratio: +ratio.toFixed(3), goal_seconds_met: ours.seconds <= 2, goal_ratio_met: ratio >= 0.5 }));
