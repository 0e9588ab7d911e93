/**
 * Images and barcodes in PDF: decoded, sized (millimetres from the block, else the image's own
 * size), moved to the next page when they do not fit, captioned underneath.
 */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import { badRequest } from "../../../core/errors.ts";
import { LINEAR_SCALE, barcodePng, isMatrix, pngSize } from "./barcodes.ts";
import { decodeImage } from "./images.ts";
import { MM, type PdfContext } from "./pdf-context.ts";

type ImageBlock = Extract<Block, { type: "image" }>;
type BarcodeBlock = Extract<Block, { type: "barcode" }>;

/** Box size in points: both given → as given; one given → the other from the aspect ratio; none → the fallback width. */
function boxSize(pxW: number, pxH: number, widthMm: number | undefined, heightMm: number | undefined, fallbackWidth: number): { w: number; h: number } {
  if (widthMm && heightMm) return { w: widthMm * MM, h: heightMm * MM };
  if (widthMm) return { w: widthMm * MM, h: (widthMm * MM * pxH) / pxW };
  if (heightMm) return { w: (heightMm * MM * pxW) / pxH, h: heightMm * MM };
  return { w: fallbackWidth, h: (fallbackWidth * pxH) / pxW };
}

function place(ctx: PdfContext, where: string, bytes: Uint8Array, box: { w: number; h: number }, align: "left" | "center" | "right", caption: string | undefined): void {
  const { doc } = ctx;
  // Never wider than the content box or taller than a page; aspect kept by pdfkit's fit.
  const scale = Math.min(1, ctx.width / box.w, (ctx.pageHeight - 24) / box.h);
  const w = box.w * scale;
  const h = box.h * scale;
  ctx.useFont("italic", 9, caption ?? "");
  const captionHeight = caption ? doc.heightOfString(caption, { width: ctx.width }) + 2 : 0;
  ctx.ensureSpace(h + captionHeight);
  const x = ctx.left + (align === "left" ? 0 : align === "right" ? ctx.width - w : (ctx.width - w) / 2);
  const y = doc.y;
  try {
    doc.image(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), x, y, { fit: [w, h], align: "center", valign: "center" });
  } catch (e) {
    throw badRequest(`${where}: the image cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  doc.y = y + h + 2;
  if (caption) {
    ctx.useFont("italic", 9, caption);
    doc.text(caption, ctx.left, doc.y, { width: ctx.width, align });
  }
  doc.x = ctx.left;
  doc.y += 6;
}

/** Draws an image block at the cursor (default: its pixel size at 96 dpi, at most the content width). */
export function drawImage(ctx: PdfContext, where: string, block: ImageBlock): void {
  const img = decodeImage(where, block);
  const box = boxSize(img.width, img.height, block.width_mm, block.height_mm, Math.min(ctx.width, img.width * 0.75));
  place(ctx, where, img.bytes, box, "left", block.caption);
}

/** Draws a barcode block (default: 25 mm wide for QR/DataMatrix; linear codes at one point per module, 10 mm bars). */
export async function drawBarcode(ctx: PdfContext, where: string, block: BarcodeBlock): Promise<void> {
  const png = await barcodePng(where, block.symbology, block.data, ctx.barcodes);
  const px = pngSize(png);
  const box = boxSize(px.width, px.height, block.width_mm, block.height_mm, isMatrix(block.symbology) ? 25 * MM : px.width / LINEAR_SCALE);
  place(ctx, where, png, box, block.align ?? "left", block.caption);
}
