/**
 * Tables in PDF, drawn row by row with pdfkit's text primitives (not its table module, whose
 * per-cell layout objects cost more than the whole row here). A row never splits across pages:
 * it moves to the next page, under a repeated header row. A row taller than a whole page starts
 * a page of its own and its cells are cut off with an ellipsis at the page bottom.
 */
import { type CellValue, type TableBlock, columnAlign, columnWidths, tableFormatters } from "./cells.ts";
import type { PdfContext } from "./pdf-context.ts";

const SIZE = 9;
const PAD_X = 3;
const PAD_Y = 2;
const HEADER_FILL = "#e6e6e6";
const ZEBRA_FILL = "#f3f3f3";
const RULE = "#888888";

type Style = "regular" | "bold";
type Align = "left" | "center" | "right";

/** Layout shared by every row of one table. */
interface Layout {
  xs: number[];
  widths: number[];
  aligns: Align[];
  lineHeight: number;
}

/** Per-row scratch, reused across rows so measuring allocates nothing per cell. */
interface Measured {
  height: number;
  /** Width of a cell's single line, or -1 when the cell wraps. */
  singleWidth: number[];
}

function measureRow(ctx: PdfContext, cells: string[], layout: Layout, style: Style, out: Measured): void {
  let wrappedHeight = 0;
  for (let i = 0; i < cells.length; i++) {
    const text = cells[i];
    out.singleWidth[i] = 0;
    if (text === "") continue;
    ctx.useFont(style, SIZE, text);
    const inner = layout.widths[i] - 2 * PAD_X;
    const w = text.includes("\n") ? Infinity : ctx.doc.widthOfString(text);
    if (w <= inner) {
      out.singleWidth[i] = w;
    } else {
      out.singleWidth[i] = -1;
      wrappedHeight = Math.max(wrappedHeight, ctx.doc.heightOfString(text, { width: inner }));
    }
  }
  out.height = Math.max(layout.lineHeight, wrappedHeight) + 2 * PAD_Y;
}

function drawRow(ctx: PdfContext, cells: string[], layout: Layout, style: Style, m: Measured, y: number, clipHeight?: number): void {
  const { doc } = ctx;
  for (let i = 0; i < cells.length; i++) {
    const text = cells[i];
    if (text === "") continue;
    ctx.useFont(style, SIZE, text);
    const inner = layout.widths[i] - 2 * PAD_X;
    const x = layout.xs[i] + PAD_X;
    if (m.singleWidth[i] >= 0) ctx.line(text, x, y + PAD_Y, inner, layout.aligns[i], m.singleWidth[i]);
    // A height keeps pdfkit's wrapper from starting a page of its own; the ellipsis marks a cut cell.
    else doc.text(text, x, y + PAD_Y, { width: inner, align: layout.aligns[i], height: clipHeight ?? m.height, ellipsis: clipHeight !== undefined });
  }
}

function fillRow(ctx: PdfContext, y: number, height: number, color: string): void {
  ctx.doc.rect(ctx.left, y, ctx.width, height).fill(color).fillColor("black");
}

function rule(ctx: PdfContext, y: number, width = 0.5): void {
  ctx.doc.moveTo(ctx.left, y).lineTo(ctx.right, y).lineWidth(width).strokeColor(RULE).stroke();
}

/** Draws a table block at the cursor, breaking pages between rows. */
export function drawTable(ctx: PdfContext, table: TableBlock): void {
  const { doc } = ctx;
  const widths = columnWidths(table.columns, ctx.width);
  const xs: number[] = [];
  let x = ctx.left;
  for (const w of widths) {
    xs.push(x);
    x += w;
  }
  ctx.useFont("regular", SIZE, "");
  const layout: Layout = { xs, widths, aligns: table.columns.map(columnAlign), lineHeight: doc.currentLineHeight(true) };
  const formatters = tableFormatters(table, true);
  const keys = table.columns.map((c) => c.key);
  const repeatHeader = table.repeat_header !== false;

  const header = table.columns.map((c) => c.title);
  const headerM: Measured = { height: 0, singleWidth: new Array(header.length) };
  measureRow(ctx, header, layout, "bold", headerM);
  const drawHeader = () => {
    const y = doc.y;
    fillRow(ctx, y, headerM.height, HEADER_FILL);
    drawRow(ctx, header, layout, "bold", headerM, y);
    rule(ctx, y + headerM.height);
    doc.y = y + headerM.height;
  };

  const cells: string[] = new Array(keys.length);
  const m: Measured = { height: 0, singleWidth: new Array(keys.length) };
  const fill = (row: Record<string, CellValue>) => {
    for (let i = 0; i < keys.length; i++) cells[i] = formatters[i](row[keys[i]]);
  };

  if (table.caption) {
    ctx.useFont("bold", 10, table.caption);
    const h = doc.heightOfString(table.caption, { width: ctx.width });
    ctx.ensureSpace(h + 4 + headerM.height + layout.lineHeight + 2 * PAD_Y);
    doc.text(table.caption, ctx.left, doc.y, { width: ctx.width });
    doc.y += 4;
  }
  // The header and the first row go together: no orphaned header at a page bottom.
  const firstRow = table.rows[0];
  if (firstRow) {
    fill(firstRow);
    measureRow(ctx, cells, layout, "regular", m);
  }
  ctx.ensureSpace(headerM.height + (firstRow ? m.height : 0));
  drawHeader();

  const onNewPage = () => {
    ctx.newPage();
    if (repeatHeader) drawHeader();
  };
  const place = (style: Style, zebra: boolean) => {
    const room = ctx.bottom - (repeatHeader ? headerM.height : 0) - ctx.top;
    if (doc.y + m.height > ctx.bottom) onNewPage();
    const tall = m.height > ctx.bottom - doc.y;
    const height = tall ? Math.min(m.height, room) : m.height;
    const y = doc.y;
    if (zebra) fillRow(ctx, y, height, ZEBRA_FILL);
    if (style === "bold") rule(ctx, y);
    drawRow(ctx, cells, layout, style, m, y, tall ? height - 2 * PAD_Y : undefined);
    doc.y = y + height;
  };

  const rows = table.rows;
  for (let r = 0; r < rows.length; r++) {
    if (r > 0) {
      fill(rows[r]);
      measureRow(ctx, cells, layout, "regular", m);
    }
    place("regular", table.zebra === true && r % 2 === 1);
  }
  if (table.totals) {
    fill(table.totals);
    measureRow(ctx, cells, layout, "bold", m);
    place("bold", false);
  }
  rule(ctx, doc.y);
  doc.x = ctx.left;
  doc.y += 6;
}
