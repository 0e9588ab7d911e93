/**
 * The CSV renderer (RFC 4180, CRLF): every table of the document. One table → its header row and
 * rows, then its totals as a final row. Several tables → each preceded by a caption row (its
 * caption, or "Table N") and separated by a blank line. Other blocks have no CSV form and are left
 * out. Cells are guarded against formula injection (see csvField).
 */
import type { ReportDocument } from "../../../../plugin-sdk/schema/report.ts";
import { type CellValue, type TableBlock, tableFormatters } from "./cells.ts";
import { csvField } from "./escape.ts";

function line(values: string[], fromString: boolean[]): string {
  return values.map((v, i) => csvField(v, fromString[i])).join(",");
}

function tableCsv(table: TableBlock): string[] {
  const formatters = tableFormatters(table, false);
  const keys = table.columns.map((c) => c.key);
  const lines = [line(table.columns.map((c) => c.title), keys.map(() => true))];
  const values: string[] = new Array(keys.length);
  const fromString: boolean[] = new Array(keys.length);
  const add = (row: Record<string, CellValue>) => {
    for (let i = 0; i < keys.length; i++) {
      const v = row[keys[i]];
      values[i] = formatters[i](v);
      // Only numbers are trusted to start with "-"; text from a string is guarded.
      fromString[i] = typeof v !== "number";
    }
    lines.push(line(values, fromString));
  };
  for (const row of table.rows) add(row);
  if (table.totals) add(table.totals);
  return lines;
}

/** Renders a document's tables as CSV text (empty when it has none). */
export function renderCsv(report: ReportDocument): string {
  const tables = report.blocks.filter((b): b is TableBlock => b.type === "table");
  if (tables.length === 1) return `${tableCsv(tables[0]).join("\r\n")}\r\n`;
  return tables.map((t, i) => `${csvField(t.caption ?? `Table ${i + 1}`, true)}\r\n${tableCsv(t).join("\r\n")}\r\n`).join("\r\n");
}
