/**
 * The HTML renderer: one standalone document (inline CSS, images and barcodes inline) that
 * prints like the PDF: `@page` size and margins, header/footer bands in the page margin boxes
 * with CSS page counters, table headers repeated by the browser (thead), rows kept whole.
 * Every string from the document is escaped.
 */
import type { Block, ReportDocument } from "../../../../plugin-sdk/schema/report.ts";
import { BAND_SLOTS, type Band, bandParts, fillBand, isoDate } from "./bands.ts";
import { barcodeSvg } from "./barcodes.ts";
import { type TableBlock, blockName, columnAlign, columnFractions, tableFormatters } from "./cells.ts";
import { escapeCssString, escapeHtml } from "./escape.ts";
import { decodeImage } from "./images.ts";
import { pageSetup } from "./page-size.ts";

const STYLE = `
body { font-family: "DejaVu Sans", "Noto Sans", "Noto Sans JP", Arial, sans-serif; font-size: 10pt; color: #000; margin: 0; }
h1, h2, h3 { break-after: avoid; margin: 0.6em 0 0.3em; }
table.report { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 1em; font-size: 9pt; }
table.report caption { text-align: left; font-weight: bold; padding: 0 0 4px; }
table.report th, table.report td { padding: 2px 3px; vertical-align: top; overflow-wrap: anywhere; white-space: pre-wrap; }
table.report thead th { background: #e6e6e6; border-bottom: 1px solid #888; }
table.report thead { display: table-header-group; }
table.report tfoot td { font-weight: bold; border-top: 1px solid #888; }
table.report tfoot { display: table-row-group; }
table.report.zebra tbody tr:nth-child(even) td { background: #f3f3f3; }
table.report tr { break-inside: avoid; }
dl.kv { display: grid; grid-template-columns: 32% 1fr; gap: 2px 6px; margin: 0 0 1em; }
dl.kv dt { font-weight: bold; } dl.kv dd { margin: 0; white-space: pre-wrap; }
p { white-space: pre-wrap; margin: 0 0 0.5em; }
figure { margin: 0 0 1em; } figure svg, figure img { display: block; }
figcaption { font-style: italic; font-size: 9pt; }
.labels { display: grid; break-before: page; }
.label { box-sizing: border-box; overflow: hidden; display: flex; gap: 1mm; padding: 1.5mm; break-inside: avoid; }
.label.linear { flex-direction: column; }
.label .code svg { display: block; width: 100%; height: 100%; }
.label .lines { overflow: hidden; font-size: 8pt; line-height: 1.2; min-width: 0; }
.label .lines div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.label .lines div:first-child { font-weight: bold; }
.page-break { break-after: page; }
.band { display: flex; justify-content: space-between; font-size: 8pt; color: #444; }
@media print { .band { display: none; } }
`;

const AREAS: Record<(typeof BAND_SLOTS)[number], string> = { left: "left", center: "center", right: "right" };

/** A band as `@page` margin-box rules: literal text as CSS strings, {page}/{pages} as counters. */
function bandCss(band: Band | undefined, edge: "top" | "bottom", date: string, title: string): string {
  if (!band) return "";
  return BAND_SLOTS.filter((slot) => band[slot])
    .map((slot) => {
      const content = bandParts(band[slot] ?? "")
        .map((p) => ("literal" in p ? `"${escapeCssString(p.literal)}"` : p.field === "page" ? "counter(page)" : p.field === "pages" ? "counter(pages)" : `"${escapeCssString(p.field === "date" ? date : title)}"`))
        .join(" ");
      return `@${edge}-${AREAS[slot]} { content: ${content}; font-size: 8pt; color: #444; }`;
    })
    .join(" ");
}

/** A band shown on screen (page numbers as 1 of 1: a screen is one page). */
function bandHtml(band: Band | undefined, date: string, title: string): string {
  if (!band) return "";
  const values = { page: "1", pages: "1", date, title };
  return `<div class="band">${BAND_SLOTS.map((s) => `<span>${escapeHtml(fillBand(band[s] ?? "", values))}</span>`).join("")}</div>`;
}

function tableHtml(table: TableBlock): string {
  const formatters = tableFormatters(table, true);
  const aligns = table.columns.map(columnAlign);
  const style = (i: number) => (aligns[i] === "left" ? "" : ` style="text-align:${aligns[i]}"`);
  const cols = columnFractions(table.columns)
    .map((f) => `<col style="width:${(f * 100).toFixed(3)}%">`)
    .join("");
  const head = table.columns.map((c, i) => `<th scope="col"${style(i)}>${escapeHtml(c.title)}</th>`).join("");
  const rowHtml = (row: Record<string, string | number | boolean | null>) =>
    `<tr>${table.columns.map((c, i) => `<td${style(i)}>${escapeHtml(formatters[i](row[c.key]))}</td>`).join("")}</tr>`;
  const body = table.rows.map(rowHtml).join("\n");
  const foot = table.totals ? `<tfoot>${rowHtml(table.totals)}</tfoot>` : "";
  const caption = table.caption ? `<caption>${escapeHtml(table.caption)}</caption>` : "";
  // repeat_header false: a plain header group the browser prints once.
  const theadStyle = table.repeat_header === false ? ' style="display:table-row-group"' : "";
  return `<table class="report${table.zebra ? " zebra" : ""}">${caption}<colgroup>${cols}</colgroup><thead${theadStyle}><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>${foot}</table>`;
}

const JUSTIFY: Record<string, string> = { left: "flex-start", center: "center", right: "flex-end" };

function blockHtml(block: Block, index: number): string {
  const where = blockName(index, block);
  switch (block.type) {
    case "heading": {
      const level = block.level ?? 1;
      return `<h${level}>${escapeHtml(block.text)}</h${level}>`;
    }
    case "paragraph": {
      const css = [block.align && block.align !== "left" ? `text-align:${block.align}` : "", block.bold ? "font-weight:bold" : "", block.italic ? "font-style:italic" : "", block.size ? `font-size:${block.size}pt` : ""].filter(Boolean).join(";");
      return `<p${css ? ` style="${css}"` : ""}>${escapeHtml(block.text)}</p>`;
    }
    case "keyvalue":
      return `<dl class="kv">${block.items.map((it) => `<dt>${escapeHtml(it.key)}</dt><dd>${escapeHtml(it.value == null ? "" : typeof it.value === "boolean" ? (it.value ? "Yes" : "No") : String(it.value))}</dd>`).join("")}</dl>`;
    case "table":
      return tableHtml(block);
    case "image": {
      decodeImage(where, block); // a 400 naming the block for bytes that are not the image they claim
      const size = [block.width_mm ? `width:${block.width_mm}mm` : "max-width:100%", block.height_mm ? `height:${block.height_mm}mm` : ""].filter(Boolean).join(";");
      const caption = block.caption ? `<figcaption>${escapeHtml(block.caption)}</figcaption>` : "";
      return `<figure><img alt="${escapeHtml(block.caption ?? "")}" style="${size}" src="data:${block.mime};base64,${block.data_base64.replace(/\s+/g, "")}">${caption}</figure>`;
    }
    case "barcode": {
      const svg = barcodeSvg(where, block.symbology, block.data);
      const matrix = block.symbology === "qrcode" || block.symbology === "datamatrix";
      const w = block.width_mm ?? (matrix ? 25 : 60);
      const h = block.height_mm ? `height:${block.height_mm}mm;` : "";
      const caption = block.caption ? `<figcaption style="text-align:${block.align ?? "left"}">${escapeHtml(block.caption)}</figcaption>` : "";
      return `<figure style="display:flex;flex-direction:column;align-items:${JUSTIFY[block.align ?? "left"]}"><div role="img" aria-label="${escapeHtml(`${block.symbology}: ${block.data}`)}" style="width:${w}mm;${h}">${svg.replace("<svg ", '<svg style="width:100%;height:100%" ')}</div>${caption}</figure>`;
    }
    case "labels": {
      const { width_mm: w, height_mm: h, gap_mm: gap = 0 } = block.label;
      const labels = block.items.map((item, i) => {
        const matrix = item.barcode ? item.barcode.symbology === "qrcode" || item.barcode.symbology === "datamatrix" : true;
        const code = item.barcode ? `<div class="code" style="${matrix ? `flex:0 0 ${Math.min(h - 3, w / 2)}mm;height:${Math.min(h - 3, w / 2)}mm` : "height:55%"}">${barcodeSvg(`${where}, label ${i + 1}`, item.barcode.symbology, item.barcode.data)}</div>` : "";
        return `<div class="label${matrix ? "" : " linear"}" style="width:${w}mm;height:${h}mm">${code}<div class="lines">${item.lines.map((l) => `<div>${escapeHtml(l)}</div>`).join("")}</div></div>`;
      });
      return `<div class="labels" style="grid-template-columns:repeat(auto-fill,${w}mm);gap:${gap}mm">${labels.join("")}</div>`;
    }
    case "spacer":
      return `<div style="height:${block.height_mm}mm"></div>`;
    case "page_break":
      return `<div class="page-break"></div>`;
  }
}

/** Renders a report document as a standalone HTML page. */
export function renderHtml(report: ReportDocument, now: Date): string {
  const { widthMm, heightMm, marginMm } = pageSetup(report);
  const date = isoDate(now);
  const page = `@page { size: ${widthMm}mm ${heightMm}mm; margin: ${marginMm}mm; ${bandCss(report.header, "top", date, report.title)} ${bandCss(report.footer, "bottom", date, report.title)} }`;
  const body = report.blocks.map(blockHtml).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Binventory">
<title>${escapeHtml(report.title)}</title>
<style>${STYLE}${page}
@media screen { body { max-width: ${widthMm}mm; margin: 0 auto; padding: ${marginMm}mm; } }
</style>
</head>
<body>
<header>${bandHtml(report.header, date, report.title)}</header>
<main>
${body}
</main>
<footer>${bandHtml(report.footer, date, report.title)}</footer>
</body>
</html>
`;
}
