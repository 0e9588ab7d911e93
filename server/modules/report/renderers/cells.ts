import type { Block } from "../../../../plugin-sdk/schema/report.ts";

export type TableBlock = Extract<Block, { type: "table" }>;
export type TableColumn = TableBlock["columns"][number];
export type CellValue = string | number | boolean | null;
type Align = "left" | "center" | "right";

const NUMERIC = new Set(["integer", "number", "currency"]);

/** A column's alignment: as given, else right for numeric formats and left for the rest. */
export function columnAlign(column: TableColumn): Align {
  return column.align ?? (column.format && NUMERIC.has(column.format) ? "right" : "left");
}

/** Column widths in points (or any unit): relative weights (default 1) scaled to `total`. */
export function columnWidths(columns: TableColumn[], total: number): number[] {
  const weights = columns.map((c) => c.width ?? 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (w / sum) * total);
}

/** Column widths as fractions of 1, for HTML percentages and LaTeX `\linewidth` factors. */
export function columnFractions(columns: TableColumn[]): number[] {
  return columnWidths(columns, 1);
}

/**
 * Formats one cell by its column's format. `grouping` adds thousands separators (display
 * formats); CSV passes false so numbers stay machine-readable. Never throws on odd values: a
 * string in a number column is printed as is.
 */
function createCellFormatter(column: TableColumn, grouping: boolean): (value: CellValue | undefined) => string {
  const format = column.format ?? "text";
  if (format === "integer" || format === "number" || format === "currency") {
    const decimals = format === "integer" ? 0 : (column.decimals ?? (format === "currency" ? 2 : undefined));
    const nf = new Intl.NumberFormat("en-US", {
      useGrouping: grouping,
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals ?? 6,
    });
    return (v) => (typeof v === "number" ? (Number.isFinite(v) ? nf.format(v) : "") : plain(v));
  }
  if (format === "boolean") return (v) => (v == null || v === "" ? "" : v === true || v === "true" || v === 1 ? "Yes" : v === false || v === "false" || v === 0 ? "No" : String(v));
  if (format === "date") return formatDate;
  if (column.decimals !== undefined) {
    const nf = new Intl.NumberFormat("en-US", { useGrouping: grouping, minimumFractionDigits: column.decimals, maximumFractionDigits: column.decimals });
    return (v) => (typeof v === "number" && Number.isFinite(v) ? nf.format(v) : plain(v));
  }
  return plain;
}

function plain(v: CellValue | undefined): string {
  if (v == null) return "";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return String(v);
}

/** ISO date-times shortened to their date; epoch milliseconds shown as a date; anything else as is. */
function formatDate(v: CellValue | undefined): string {
  if (typeof v === "number" && Number.isFinite(v)) return new Date(v).toISOString().slice(0, 10);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) return v.slice(0, 10);
  return plain(v);
}

/** Formatters for every column of a table, in column order. */
export function tableFormatters(table: TableBlock, grouping: boolean): Array<(value: CellValue | undefined) => string> {
  return table.columns.map((c) => createCellFormatter(c, grouping));
}

/** How a block is named in error messages: `block 3 (barcode)`. */
export function blockName(index: number, block: Block): string {
  return `block ${index + 1} (${block.type})`;
}
