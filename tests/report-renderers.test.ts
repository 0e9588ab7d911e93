/**
 * The report renderers (server/modules/report/renderers): every block type in every format,
 * long tables breaking across PDF pages under a repeated header, hostile strings neutralised per
 * format, Unicode in PDF text, barcode errors naming the block, and a PDF from a compiled binary.
 * PDFs are read back with poppler-utils.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Block, ReportDocument, ReportFormat } from "../plugin-sdk/schema/report.ts";
import { ApiError } from "../server/core/errors.ts";
import { barcodePng } from "../server/modules/report/renderers/barcodes.ts";
import { renderDocument } from "../server/modules/report/renderers/index.ts";
import { pdfImageCount, pdfInfo, pdfPages } from "./support/pdf-text.ts";

const NOW = new Date("2024-05-01T12:00:00Z");
const FORMATS: ReportFormat[] = ["pdf", "html", "csv", "md", "tex"];
const decoder = new TextDecoder();

async function render(doc: ReportDocument, format: ReportFormat): Promise<string> {
  return decoder.decode((await renderDocument(doc, format, { now: NOW, compress: false })).bytes);
}
async function pdf(doc: ReportDocument): Promise<Uint8Array> {
  return (await renderDocument(doc, "pdf", { now: NOW })).bytes;
}

/** A minimal RFC 4180 parser: rows of fields (quoted fields may hold commas, quotes, CR/LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const PNG_B64 = Buffer.from(await barcodePng("fixture", "qrcode", "image fixture")).toString("base64");
// A 1×1 baseline JPEG.
const JPEG_B64 =
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";

const itemColumns = [
  { key: "name", title: "Part name", width: 3 },
  { key: "qty", title: "Quantity", format: "number" as const, decimals: 2 },
  { key: "ok", title: "Checked", format: "boolean" as const },
];

/** A document with every block type. */
const everything: ReportDocument = {
  title: "All blocks",
  page: { size: "A4", orientation: "portrait", margin_mm: 12 },
  header: { left: "{title}", right: "Page {page} of {pages}" },
  footer: { center: "Printed {date}" },
  blocks: [
    { type: "heading", text: "Main heading" },
    { type: "heading", text: "Sub heading", level: 2 },
    { type: "paragraph", text: "Plain paragraph text." },
    { type: "paragraph", text: "Bold centred words", bold: true, align: "center", size: 12 },
    { type: "paragraph", text: "Italic words", italic: true },
    { type: "keyvalue", items: [{ key: "Location", value: "Shelf A" }, { key: "Count", value: 7 }, { key: "Audited", value: true }, { key: "Note", value: null }] },
    { type: "table", caption: "Stock items", zebra: true, columns: itemColumns, rows: [{ name: "Widget", qty: 1234.5, ok: true }, { name: "Gadget", qty: 2, ok: false }], totals: { name: "Total", qty: 1236.5 } },
    { type: "image", mime: "image/png", data_base64: PNG_B64, width_mm: 20, caption: "PNG picture" },
    { type: "image", mime: "image/jpeg", data_base64: JPEG_B64, width_mm: 10, caption: "JPEG picture" },
    { type: "barcode", symbology: "qrcode", data: "QR-DATA-1", caption: "Location QR", align: "center" },
    { type: "barcode", symbology: "datamatrix", data: "DM-DATA-2" },
    { type: "barcode", symbology: "code128", data: "C128-3" },
    { type: "barcode", symbology: "ean13", data: "4006381333931" },
    { type: "barcode", symbology: "upca", data: "036000291452" },
    { type: "spacer", height_mm: 10 },
    { type: "page_break" },
    { type: "labels", label: { width_mm: 60, height_mm: 25, gap_mm: 3 }, items: [{ barcode: { symbology: "qrcode", data: "LBL-1" }, lines: ["Label one", "second line"] }, { barcode: { symbology: "code128", data: "LBL-2" }, lines: ["Label two"] }, { lines: ["Text only label"] }] },
  ],
};

describe("every block type in every format", () => {
  test("PDF: text of each block, images, bands with page numbers", async () => {
    const bytes = await pdf(everything);
    expect(decoder.decode(bytes.subarray(0, 5))).toBe("%PDF-");
    const pages = pdfPages(bytes);
    const all = pages.join("\n");
    for (const text of ["Main heading", "Sub heading", "Plain paragraph text.", "Bold centred words", "Italic words", "Shelf A", "Stock items", "Part name", "Widget", "1,234.50", "Yes", "Total", "1,236.50", "PNG picture", "JPEG picture", "Location QR", "Label one", "second line", "Label two", "Text only label"]) {
      expect(all).toContain(text);
    }
    expect(all).toMatch(/Location\s+Shelf A/);
    // The page break and the label sheet: labels start on a page after the blocks above.
    expect(pages.length).toBe(2);
    expect(pages[0]).not.toContain("Label one");
    expect(pages[1]).toContain("Label one");
    pages.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} of 2`);
      expect(p).toContain("All blocks");
      expect(p).toContain("Printed 2024-05-01");
    });
    // Two pictures, five barcodes, two barcode labels.
    expect(pdfImageCount(bytes)).toBe(9);
    expect(pdfInfo(bytes).Title).toBe("All blocks");
  });

  test("PDF: page size, orientation and margins", async () => {
    const bytes = await pdf({ title: "Size", page: { size: "A5", orientation: "landscape", margin_mm: 5 }, blocks: [{ type: "paragraph", text: "x" }] });
    expect(pdfInfo(bytes)["Page size"]).toMatch(/^595\.27\d* x 419\.52\d* pts/);
    const custom = await pdf({ title: "Size", page: { size: { width_mm: 100, height_mm: 50 } }, blocks: [] });
    expect(pdfInfo(custom)["Page size"]).toMatch(/^283\.46\d* x 141\.73\d* pts/);
  });

  test("HTML: standalone document, semantic table, inline images and barcodes", async () => {
    const html = await render(everything, "html");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("<title>All blocks</title>");
    expect(html).toContain("@page { size: 210mm 297mm; margin: 12mm;");
    expect(html).toContain('@top-right { content: "Page " counter(page) " of " counter(pages);');
    expect(html).toContain("<h1>Main heading</h1>");
    expect(html).toContain("<h2>Sub heading</h2>");
    expect(html).toMatch(/<p style="text-align:center;font-weight:bold;font-size:12pt">Bold centred words<\/p>/);
    expect(html).toContain('<p style="font-style:italic">Italic words</p>');
    expect(html).toContain("<dt>Location</dt><dd>Shelf A</dd>");
    expect(html).toMatch(/<table class="report zebra"><caption>Stock items<\/caption><colgroup>.*<\/colgroup><thead><tr><th scope="col">Part name<\/th>/);
    expect(html).toContain('<td style="text-align:right">1,234.50</td>');
    expect(html).toMatch(/<tfoot><tr><td>Total<\/td><td style="text-align:right">1,236.50<\/td><td><\/td><\/tr><\/tfoot>/);
    expect(html).toContain(`src="data:image/png;base64,${PNG_B64}"`);
    expect(html).toContain("data:image/jpeg;base64,");
    expect(html.match(/<svg /g)?.length).toBe(7); // five barcodes, two labels
    expect(html).toContain('aria-label="qrcode: QR-DATA-1"');
    expect(html).toContain('<div class="labels"');
    expect(html).toContain("<div>Label one</div><div>second line</div>");
    expect(html).toContain('<div class="page-break"></div>');
    expect(html).toContain('<div style="height:10mm"></div>');
  });

  test("CSV: the table with its totals row; one table needs no caption row", async () => {
    const rows = parseCsv(await render(everything, "csv"));
    expect(rows).toEqual([
      ["Part name", "Quantity", "Checked"],
      ["Widget", "1234.50", "Yes"],
      ["Gadget", "2.00", "No"],
      ["Total", "1236.50", ""],
    ]);
  });

  test("CSV: several tables, each under a caption row, separated by a blank line", async () => {
    const text = await render(
      {
        title: "Two",
        blocks: [
          { type: "table", caption: "First", columns: [{ key: "a", title: "A" }], rows: [{ a: "1" }] },
          { type: "paragraph", text: "not in CSV" },
          { type: "table", columns: [{ key: "b", title: "B" }], rows: [{ b: 2 }] },
        ],
      },
      "csv",
    );
    expect(text).toBe("First\r\nA\r\n1\r\n\r\nTable 2\r\nB\r\n2\r\n");
  });

  test("Markdown: headings, GFM table with alignment and totals, data-URI images", async () => {
    const md = await render(everything, "md");
    expect(md).toContain("# Main heading");
    expect(md).toContain("## Sub heading");
    expect(md).toContain("**Bold centred words**");
    expect(md).toContain("*Italic words*");
    expect(md).toContain("- **Location:** Shelf A");
    expect(md).toContain("**Stock items**");
    expect(md).toContain("| Part name | Quantity | Checked |\n| :--- | ---: | :--- |\n| Widget | 1,234.50 | Yes |");
    expect(md).toContain("| **Total** | **1,236.50** |  |");
    expect(md).toContain(`![PNG picture](data:image/png;base64,${PNG_B64})`);
    expect(md).toContain("![qrcode: QR-DATA-1](data:image/png;base64,");
    expect(md).toContain("- Label one · second line ![qrcode: LBL-1](data:image/png;base64,");
    expect(md).toContain("\n---\n");
    expect(md.startsWith("*All blocks · Page 1 of 1*")).toBe(true);
  });

  test("LaTeX: a complete article with geometry, fancyhdr, longtable repeating its header", async () => {
    const tex = await render(everything, "tex");
    expect(tex).toContain("\\documentclass[10pt]{article}");
    expect(tex).toContain("\\usepackage[paperwidth=210mm,paperheight=297mm,margin=12mm,");
    expect(tex).toContain("\\fancyhead[R]{\\footnotesize Page \\thepage{} of \\pageref*{LastPage}}");
    expect(tex).toContain("\\fancyfoot[C]{\\footnotesize Printed 2024-05-01}");
    expect(tex).toContain("\\section*{Main heading}");
    expect(tex).toContain("\\subsection*{Sub heading}");
    expect(tex).toContain("\\begin{center}\n{\\fontsize{12}{14.4}\\selectfont \\textbf{Bold centred words}\\par}\n\\end{center}");
    expect(tex).toContain("\\textit{Italic words}");
    expect(tex).toContain("Location & Shelf A \\\\");
    expect(tex).toMatch(/\\begin\{longtable\}\{>\{\\raggedright\\arraybackslash\}p\{\\dimexpr 0\.6000\\linewidth-2\\tabcolsep\\relax\}>\{\\raggedleft/);
    expect(tex).toContain("\\endfirsthead\n\\hline\n\\textbf{Part name} & \\textbf{Quantity} & \\textbf{Checked} \\\\\n\\hline\n\\endhead");
    expect(tex).toContain("Widget & 1,234.50 & Yes \\\\");
    expect(tex).toContain("\\textbf{Total} & \\textbf{1,236.50} &  \\\\");
    expect(tex).toContain("\\rowcolors{2}{gray!12}{white}");
    expect(tex).toContain("\\qrcode[height=25.0mm]{QR-DATA-1}");
    expect(tex).toContain("\\fbox{\\ttfamily\\small datamatrix: DM-DATA-2}");
    expect(tex).toContain("[image/png image]");
    expect(tex).toContain("\\vspace*{10mm}");
    expect(tex).toContain("\\clearpage");
    expect(tex).toContain("\\textbf{Label one}\\\\second line");
    expect(tex.trimEnd().endsWith("\\end{document}")).toBe(true);
    // Balanced environments: every \begin has its \end.
    const begins = [...tex.matchAll(/\\begin\{(\w+)\}/g)].map((m) => m[1]).sort();
    const ends = [...tex.matchAll(/\\end\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(ends).toEqual(begins);
  });
});

describe("a 5,000-row table in PDF", () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({
    name: `Row ${String(i + 1).padStart(4, "0")}`,
    qty: i + 1,
    ok: i % 2 === 0,
    // Every 97th row wraps over four or five lines: these must never split across pages.
    note: i % 97 === 0 ? `start-${i + 1} a long note that wraps over several lines of this narrow column until it reaches end-${i + 1}` : "",
  }));
  const doc: ReportDocument = {
    title: "Long table",
    header: { right: "Page {page} of {pages}" },
    blocks: [
      { type: "heading", text: "Five thousand rows" },
      { type: "table", columns: [itemColumns[0], { ...itemColumns[1], width: 1.5 }, itemColumns[2], { key: "note", title: "Note", width: 1.5 }], rows, zebra: true, totals: { name: "Grand total", qty: 12502500 } },
    ],
  };
  let pages: string[] = [];

  test("breaks across pages with the header row on every page, rows in order and whole", async () => {
    pages = pdfPages(await pdf(doc));
    expect(pages.length).toBeGreaterThan(50);
    const seen: number[] = [];
    pages.forEach((page, p) => {
      expect(page).toContain(`Page ${p + 1} of ${pages.length}`);
      expect(page).toMatch(/Part name\s+Quantity\s+Checked\s+Note/);
      for (const m of page.matchAll(/Row (\d{4})\s+([\d,]+\.\d\d)/g)) {
        seen.push(Number(m[1]));
        expect(m[2]).toBe(`${Number(m[1]).toLocaleString("en-US")}.00`);
      }
      // A wrapped note starts and ends on the same page.
      for (const m of page.matchAll(/start-(\d+)/g)) expect(page).toContain(`end-${m[1]}`);
    });
    expect(seen).toEqual(rows.map((_, i) => i + 1));
    expect(pages.at(-1)).toMatch(/Grand total\s+12,502,500\.00/);
  });

  test("repeat_header: false prints the header once", async () => {
    const once = pdfPages(await pdf({ ...doc, blocks: [{ ...(doc.blocks[1] as Extract<Block, { type: "table" }>), repeat_header: false }] }));
    expect(once.length).toBeGreaterThan(50);
    expect(once.filter((p) => p.includes("Part name")).length).toBe(1);
  });

  test("a row taller than a page goes on a page of its own, cut with an ellipsis", async () => {
    const tall = "word ".repeat(3000) + "TAIL";
    const pagesOut = pdfPages(await pdf({ title: "Tall", blocks: [{ type: "table", columns: [{ key: "a", title: "A" }, { key: "b", title: "B" }], rows: [{ a: "before", b: "x" }, { a: "tall row", b: tall }, { a: "after", b: "y" }] }] }));
    expect(pagesOut.length).toBe(3);
    expect(pagesOut[1]).toContain("tall row");
    expect(pagesOut[1]).toContain("…");
    expect(pagesOut.join("")).not.toContain("TAIL");
    expect(pagesOut[2]).toContain("after");
  });
});

describe("hostile strings are neutralised in every format", () => {
  const hostile = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "\\input{/etc/passwd}", "| pipe", "_^%$#&{}~\\"];
  const doc: ReportDocument = {
    title: hostile[0],
    header: { left: hostile[2] },
    blocks: [
      { type: "heading", text: hostile[0] },
      { type: "paragraph", text: hostile.join("\n") },
      { type: "keyvalue", items: hostile.map((h) => ({ key: h, value: h })) },
      { type: "table", caption: hostile[3], columns: [{ key: "v", title: hostile[0] }, { key: "n", title: "n", format: "integer" }], rows: hostile.map((v) => ({ v, n: -5 })), totals: { v: hostile[1] } },
      { type: "barcode", symbology: "qrcode", data: hostile[2], caption: hostile[4] },
      { type: "labels", label: { width_mm: 50, height_mm: 20 }, items: [{ lines: hostile }] },
    ],
  };

  test("HTML: no raw markup from the document", async () => {
    const html = await render(doc, "html");
    expect(html).not.toContain("<script>");
    expect(html).toContain("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>");
    expect(html).toContain("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(html).toContain("=cmd|&#39; /C calc&#39;!A0");
    // The band's CSS string cannot close the string or the style element.
    expect(html).toContain('@top-left { content: "\\5c input{/etc/passwd}";');
    expect(html.match(/<\/style>/g)?.length).toBe(1);
  });

  test("CSV: formula cells prefixed with a quote, negative numbers untouched, RFC 4180 quoting", async () => {
    const rows = parseCsv(await render(doc, "csv"));
    expect(rows[0]).toEqual(["<script>alert(1)</script>", "n"]);
    expect(rows.slice(1, 6).map((r) => r[0])).toEqual(["<script>alert(1)</script>", "'=cmd|' /C calc'!A0", "\\input{/etc/passwd}", "| pipe", "_^%$#&{}~\\"]);
    expect(rows.slice(1, 6).map((r) => r[1])).toEqual(["-5", "-5", "-5", "-5", "-5"]);
    expect(rows[6]).toEqual(["'=cmd|' /C calc'!A0", ""]);
    for (const lead of ["+1+2", "-1+2", "@SUM(A1)", "\tx", "\rx"]) {
      const [, row] = parseCsv(await render({ title: "t", blocks: [{ type: "table", columns: [{ key: "v", title: "v" }], rows: [{ v: lead }] }] }, "csv"));
      expect(row).toEqual([`'${lead}`]);
    }
  });

  test("Markdown: pipes, HTML and markup escaped; table rows keep their column count", async () => {
    const md = await render(doc, "md");
    expect(md).not.toContain("<script>");
    expect(md).toContain("# \\<script\\>alert\\(1\\)\\</script\\>");
    const tableLines = md.split("\n").filter((l) => l.startsWith("| "));
    expect(tableLines.length).toBe(8);
    for (const line of tableLines) expect(line.replace(/\\\|/g, "").split("|").length).toBe(4);
    expect(md).toContain("\\| pipe");
    expect(md).toContain("\\_^%\\$\\#\\&\\{\\}\\~\\\\");
  });

  test("LaTeX: specials become literal commands; nothing executes", async () => {
    const tex = await render(doc, "tex");
    expect(tex).not.toContain("\\input{");
    expect(tex).toContain("\\textbackslash{}input\\{/etc/passwd\\}");
    expect(tex).toContain("\\_\\textasciicircum{}\\%\\$\\#\\&\\{\\}\\textasciitilde{}\\textbackslash{}");
    expect(tex).toContain("\\textless{}script\\textgreater{}");
    expect(tex).toContain("\\textbar{} pipe");
    expect(tex).toContain("\\qrcode[height=25.0mm]{\\\\input\\{/etc/passwd\\}}");
    expect(tex).toContain("\\hypersetup{pdftitle={\\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{}}}");
  });

  test("PDF: the strings are printed as text", async () => {
    const text = pdfPages(await pdf(doc)).join("\n");
    for (const h of ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "\\input{/etc/passwd}", "| pipe", "_^%$#&{}~\\"]) expect(text).toContain(h);
  });
});

test("Unicode renders in PDF text: Latin-1, Greek, CJK", async () => {
  const bytes = await pdf({
    title: "Unicode",
    blocks: [
      { type: "heading", text: "Größe 日本 µ" },
      { type: "paragraph", text: "Maße: 5 µm, Ω 10 kΩ, Привет", italic: true },
      { type: "table", columns: [{ key: "a", title: "Größe" }, { key: "b", title: "名前" }], rows: [{ a: "µ-Teil", b: "日本語の部品" }] },
    ],
  });
  const text = pdfPages(bytes).join("\n");
  for (const s of ["Größe 日本 µ", "Maße: 5 µm, Ω 10 kΩ, Привет", "名前", "µ-Teil", "日本語の部品"]) expect(text).toContain(s);
});

describe("blocks that cannot be rendered are 400s naming the block", () => {
  const cases: Array<[string, Block, RegExp]> = [
    ["EAN-13 with letters", { type: "barcode", symbology: "ean13", data: "ABC" }, /^block 2 \(barcode\): the data cannot be encoded as ean13: it needs 12 or 13 digits\.$/],
    ["EAN-13 with a wrong check digit", { type: "barcode", symbology: "ean13", data: "4006381333932" }, /^block 2 \(barcode\): the data cannot be encoded as ean13: .*check digit/i],
    ["UPC-A too short", { type: "barcode", symbology: "upca", data: "123" }, /^block 2 \(barcode\): the data cannot be encoded as upca: it needs 11 or 12 digits\.$/],
    ["a QR code too long", { type: "barcode", symbology: "qrcode", data: "x".repeat(4095) }, /^block 2 \(barcode\): the data cannot be encoded as qrcode: /],
    ["a label's barcode", { type: "labels", label: { width_mm: 40, height_mm: 20 }, items: [{ lines: ["ok"] }, { barcode: { symbology: "upca", data: "12" }, lines: ["bad"] }] }, /^block 2 \(labels\), label 2: the data cannot be encoded as upca/],
    ["an image that is not a PNG", { type: "image", mime: "image/png", data_base64: JPEG_B64 }, /^block 2 \(image\): data_base64 is not a PNG image\.$/],
    ["an image that is not base64", { type: "image", mime: "image/jpeg", data_base64: "@@@" }, /^block 2 \(image\): data_base64 is not valid base64\.$/],
  ];
  for (const [name, block, message] of cases) {
    for (const format of ["pdf", "html", "md"] as const) {
      if (block.type === "image" && format === "md") continue;
      test(`${name} (${format})`, async () => {
        const err = await renderDocument({ title: "t", blocks: [{ type: "paragraph", text: "first" }, block] }, format).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).status).toBe(400);
        expect((err as ApiError).message).toMatch(message);
      });
    }
  }

  test("a label larger than the page (PDF)", async () => {
    const err = await renderDocument({ title: "t", page: { size: "A6" }, blocks: [{ type: "labels", label: { width_mm: 200, height_mm: 20 }, items: [{ lines: ["x"] }] }] }, "pdf").catch((e: unknown) => e);
    expect((err as ApiError).message).toMatch(/^block 1 \(labels\): a 200×20 mm label does not fit the page's printable area/);
  });
});

test("label sheets fill a grid, page after page", async () => {
  // A4 with 15 mm margins: 180 × 267 mm → 3 columns × 5 rows of 60 × 50 mm labels.
  const items = Array.from({ length: 40 }, (_, i) => ({ barcode: { symbology: "datamatrix", data: `L${i + 1}` }, lines: [`Label ${i + 1}`] }));
  const bytes = await pdf({ title: "Labels", blocks: [{ type: "labels", label: { width_mm: 60, height_mm: 50 }, items }] });
  const pages = pdfPages(bytes);
  expect(pages.length).toBe(3);
  expect([...pages[0].matchAll(/Label (\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  expect(pages[2]).toContain("Label 40");
  expect(pdfImageCount(bytes)).toBe(40);
});

test("content types and extensions", async () => {
  const doc: ReportDocument = { title: "t", blocks: [] };
  const got = await Promise.all(FORMATS.map(async (f) => {
    const file = await renderDocument(doc, f);
    return [file.contentType, file.extension];
  }));
  expect(got).toEqual([
    ["application/pdf", "pdf"],
    ["text/html; charset=utf-8", "html"],
    ["text/csv; charset=utf-8", "csv"],
    ["text/markdown; charset=utf-8", "md"],
    ["application/x-tex; charset=utf-8", "tex"],
  ]);
});

describe("a compiled binary renders PDFs (fonts and barcodes embedded)", () => {
  const dir = mkdtempSync(join(tmpdir(), "binventory-report-bin-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("bun build --compile, then run from an empty directory", async () => {
    const binary = join(dir, "report-pdf");
    const result = await Bun.build({ entrypoints: [join(import.meta.dir, "fixtures", "report-pdf-entry.ts")], target: "bun", compile: { outfile: binary } });
    expect(result.success).toBe(true);
    const cwd = join(dir, "cwd");
    mkdirSync(cwd);
    const out = join(dir, "out.pdf");
    const proc = Bun.spawnSync([binary, out], { cwd, env: { PATH: "/usr/bin:/bin" }, stdout: "pipe", stderr: "pipe" });
    expect(proc.stderr.toString()).toBe("");
    expect(proc.exitCode).toBe(0);
    const bytes = new Uint8Array(readFileSync(out));
    const text = pdfPages(bytes).join("\n");
    expect(text).toContain("Compiled Größe µ 日本");
    expect(text).toMatch(/Widget\s+42/);
    expect(text).toContain("Page 1 of 1");
    expect(pdfImageCount(bytes)).toBe(1);
  }, 120_000);
});
