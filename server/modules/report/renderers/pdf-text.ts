/** Headings, paragraphs and key/value blocks in PDF: pdfkit's wrapper flows long text across pages. */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import type { CellValue } from "./cells.ts";
import type { PdfContext } from "./pdf-context.ts";

type HeadingBlock = Extract<Block, { type: "heading" }>;
type ParagraphBlock = Extract<Block, { type: "paragraph" }>;
type KeyValueBlock = Extract<Block, { type: "keyvalue" }>;

const HEADING_SIZES = [18, 14, 12];

/** A bold heading; kept with at least two lines of what follows. */
export function drawHeading(ctx: PdfContext, block: HeadingBlock): void {
  const { doc } = ctx;
  const size = HEADING_SIZES[(block.level ?? 1) - 1];
  ctx.useFont("bold", size, block.text);
  const h = doc.heightOfString(block.text, { width: ctx.width });
  ctx.ensureSpace(h + 30);
  if (!ctx.atTop) doc.y += size * 0.4;
  doc.text(block.text, ctx.left, doc.y, { width: ctx.width });
  doc.x = ctx.left;
  doc.y += size * 0.3;
}

/** A paragraph in its style, size (default 10 pt) and alignment. */
export function drawParagraph(ctx: PdfContext, block: ParagraphBlock): void {
  const { doc } = ctx;
  const style = block.bold && block.italic ? "boldItalic" : block.bold ? "bold" : block.italic ? "italic" : "regular";
  ctx.useFont(style, block.size ?? 10, block.text);
  ctx.ensureSpace(doc.currentLineHeight(true));
  doc.text(block.text, ctx.left, doc.y, { width: ctx.width, align: block.align ?? "left" });
  doc.x = ctx.left;
  doc.y += 6;
}

function valueText(v: CellValue): string {
  if (v == null) return "";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return String(v);
}

/** Key/value pairs as two columns: keys bold in the left third; a pair never splits across pages. */
export function drawKeyValue(ctx: PdfContext, block: KeyValueBlock): void {
  const { doc } = ctx;
  const keyWidth = ctx.width * 0.32;
  const valueWidth = ctx.width - keyWidth - 6;
  for (const item of block.items) {
    const value = valueText(item.value);
    ctx.useFont("bold", 10, item.key);
    const kh = doc.heightOfString(item.key, { width: keyWidth });
    ctx.useFont("regular", 10, value);
    const vh = value ? doc.heightOfString(value, { width: valueWidth }) : 0;
    const h = Math.max(kh, vh);
    ctx.ensureSpace(h);
    const y = doc.y;
    ctx.useFont("bold", 10, item.key);
    doc.text(item.key, ctx.left, y, { width: keyWidth, height: h + 1 });
    if (value) {
      ctx.useFont("regular", 10, value);
      doc.text(value, ctx.left + keyWidth + 6, y, { width: valueWidth, height: h + 1 });
    }
    doc.y = y + h + 2;
  }
  doc.x = ctx.left;
  doc.y += 6;
}
