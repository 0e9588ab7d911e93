/**
 * Label sheets in PDF: labels of the block's size in a grid from the top-left of the content box,
 * row by row, page after page. Each label: the barcode (QR/DataMatrix square on the left, linear
 * codes across the top) and its text lines in the remaining space, the first line bold, each cut
 * with an ellipsis when too long. A sheet starts on a fresh page so it lines up with label stock.
 */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import { badRequest } from "../../../core/errors.ts";
import { barcodePng, isMatrix, pngSize } from "./barcodes.ts";
import { MM, type PdfContext } from "./pdf-context.ts";

type LabelsBlock = Extract<Block, { type: "labels" }>;
type Label = LabelsBlock["items"][number];

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function drawLabel(ctx: PdfContext, where: string, label: Label, x: number, y: number, w: number, h: number): Promise<void> {
  const { doc } = ctx;
  const pad = Math.min(2 * MM, h * 0.08, w * 0.08);
  let tx = x + pad;
  let ty = y + pad;
  let tw = w - 2 * pad;
  let th = h - 2 * pad;
  if (label.barcode) {
    const png = await barcodePng(where, label.barcode.symbology, label.barcode.data, ctx.barcodes);
    const px = pngSize(png);
    if (isMatrix(label.barcode.symbology)) {
      const side = label.lines.length ? Math.min(th, tw * 0.5) : Math.min(th, tw);
      doc.image(toBuffer(png), tx, ty + (th - side) / 2, { fit: [side, side], align: "center", valign: "center" });
      tx += side + pad;
      tw -= side + pad;
    } else {
      const bh = label.lines.length ? Math.min(th * 0.55, (tw * px.height) / px.width) : th;
      doc.image(toBuffer(png), tx, ty, { fit: [tw, bh], align: "center", valign: "center" });
      ty += bh + pad / 2;
      th -= bh + pad / 2;
    }
  }
  if (!label.lines.length || tw <= 4 || th <= 4) return;
  // One size for all lines of a label: as large as fits, 4–10 pt.
  const size = Math.max(4, Math.min(10, th / (label.lines.length * 1.25)));
  for (let i = 0; i < label.lines.length; i++) {
    const text = label.lines[i];
    ctx.useFont(i === 0 ? "bold" : "regular", size, text);
    const lh = doc.currentLineHeight(true);
    if (ty + lh > y + h - pad + 0.01) break;
    if (text) doc.text(text, tx, ty, { width: tw, height: lh * 1.5, ellipsis: true });
    ty += lh;
  }
}

/** Draws a label sheet block; a 400 naming the block when a label does not fit the page. */
export async function drawLabels(ctx: PdfContext, where: string, block: LabelsBlock): Promise<void> {
  const w = block.label.width_mm * MM;
  const h = block.label.height_mm * MM;
  const gap = (block.label.gap_mm ?? 0) * MM;
  if (w > ctx.width + 0.01 || h > ctx.pageHeight + 0.01) {
    throw badRequest(`${where}: a ${block.label.width_mm}×${block.label.height_mm} mm label does not fit the page's printable area (${Math.floor(ctx.width / MM)}×${Math.floor(ctx.pageHeight / MM)} mm).`);
  }
  if (!block.items.length) return;
  const cols = Math.max(1, Math.floor((ctx.width + gap) / (w + gap)));
  const rows = Math.max(1, Math.floor((ctx.pageHeight + gap) / (h + gap)));
  if (!ctx.atTop) ctx.newPage();
  for (let i = 0; i < block.items.length; i++) {
    const slot = i % (cols * rows);
    if (i > 0 && slot === 0) ctx.newPage();
    const x = ctx.left + (slot % cols) * (w + gap);
    const y = ctx.top + Math.floor(slot / cols) * (h + gap);
    await drawLabel(ctx, `${where}, label ${i + 1}`, block.items[i], x, y, w, h);
  }
  // The rest of the last sheet stays empty: a cursor at the bottom sends the next block to a new page.
  ctx.doc.y = ctx.bottom;
}
