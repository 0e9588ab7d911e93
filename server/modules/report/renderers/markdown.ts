/**
 * The Markdown renderer (GitHub-flavoured): headings, paragraphs, key/value lists, GFM tables
 * (totals as a bold last row), images and barcodes as PNG data URIs, label sheets as one list
 * item per label. Every string is escaped (escape.ts), so no user text becomes markup or HTML.
 * Bands: the header above, the footer below; `{page}` and `{pages}` are 1 (a page of its own).
 */
import type { Block, ReportDocument } from "../../../../plugin-sdk/schema/report.ts";
import { BAND_SLOTS, type Band, fillBand, isoDate } from "./bands.ts";
import { barcodePng } from "./barcodes.ts";
import { type TableBlock, blockName, columnAlign, tableFormatters } from "./cells.ts";
import { escapeMarkdownBlock, escapeMarkdownCell, escapeMarkdownInline } from "./escape.ts";
import { decodeImage } from "./images.ts";

const RULES = { left: ":---", center: ":---:", right: "---:" };

function tableMd(table: TableBlock): string {
  const formatters = tableFormatters(table, true);
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const out: string[] = [];
  if (table.caption) out.push(`**${escapeMarkdownInline(table.caption)}**`, "");
  out.push(row(table.columns.map((c) => escapeMarkdownCell(c.title))));
  out.push(row(table.columns.map((c) => RULES[columnAlign(c)])));
  for (const r of table.rows) out.push(row(table.columns.map((c, i) => escapeMarkdownCell(formatters[i](r[c.key])))));
  if (table.totals) {
    const totals = table.totals;
    out.push(row(table.columns.map((c, i) => {
      const text = escapeMarkdownCell(formatters[i](totals[c.key]));
      return text ? `**${text}**` : "";
    })));
  }
  return out.join("\n");
}

function band(b: Band | undefined, date: string, title: string): string {
  if (!b) return "";
  const values = { page: "1", pages: "1", date, title };
  return BAND_SLOTS.map((s) => b[s])
    .filter((t): t is string => Boolean(t))
    .map((t) => escapeMarkdownInline(fillBand(t, values).replace(/\s*\r?\n\s*/g, " ")))
    .join(" · ");
}

async function blockMd(block: Block, index: number): Promise<string> {
  const where = blockName(index, block);
  switch (block.type) {
    case "heading":
      return `${"#".repeat(block.level ?? 1)} ${escapeMarkdownInline(block.text.replace(/\s*\r?\n\s*/g, " "))}`;
    case "paragraph": {
      const text = escapeMarkdownBlock(block.text);
      return block.bold && block.italic ? `***${text}***` : block.bold ? `**${text}**` : block.italic ? `*${text}*` : text;
    }
    case "keyvalue":
      return block.items.map((it) => `- **${escapeMarkdownInline(it.key)}:** ${escapeMarkdownCell(it.value == null ? "" : typeof it.value === "boolean" ? (it.value ? "Yes" : "No") : String(it.value))}`).join("\n");
    case "table":
      return tableMd(block);
    case "image": {
      decodeImage(where, block);
      const alt = escapeMarkdownInline(block.caption ?? "image");
      return `![${alt}](data:${block.mime};base64,${block.data_base64.replace(/\s+/g, "")})${block.caption ? `\n\n*${escapeMarkdownInline(block.caption)}*` : ""}`;
    }
    case "barcode": {
      const png = await barcodePng(where, block.symbology, block.data);
      const alt = escapeMarkdownInline(`${block.symbology}: ${block.data}`.replace(/\s*\r?\n\s*/g, " "));
      return `![${alt}](data:image/png;base64,${Buffer.from(png).toString("base64")})${block.caption ? `\n\n*${escapeMarkdownInline(block.caption)}*` : ""}`;
    }
    case "labels": {
      const cache = new Map<string, Uint8Array>();
      const items: string[] = [];
      for (let i = 0; i < block.items.length; i++) {
        const item = block.items[i];
        const lines = item.lines.map((l) => escapeMarkdownInline(l.replace(/\s*\r?\n\s*/g, " ")));
        let code = "";
        if (item.barcode) {
          const png = await barcodePng(`${where}, label ${i + 1}`, item.barcode.symbology, item.barcode.data, cache);
          code = ` ![${escapeMarkdownInline(`${item.barcode.symbology}: ${item.barcode.data}`.replace(/\s*\r?\n\s*/g, " "))}](data:image/png;base64,${Buffer.from(png).toString("base64")})`;
        }
        items.push(`- ${lines.join(" · ")}${code}`);
      }
      return items.join("\n");
    }
    case "spacer":
      return "";
    case "page_break":
      return "---";
  }
}

/** Renders a report document as GitHub-flavoured Markdown. */
export async function renderMarkdown(report: ReportDocument, now: Date): Promise<string> {
  const date = isoDate(now);
  const parts: string[] = [];
  const header = band(report.header, date, report.title);
  if (header) parts.push(`*${header}*`);
  for (let i = 0; i < report.blocks.length; i++) {
    const md = await blockMd(report.blocks[i], i);
    if (md) parts.push(md);
  }
  const footer = band(report.footer, date, report.title);
  if (footer) parts.push("---", `*${footer}*`);
  return `${parts.join("\n\n")}\n`;
}
