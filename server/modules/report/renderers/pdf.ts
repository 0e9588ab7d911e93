/**
 * The PDF renderer (pdfkit). Pages are buffered so the header and footer bands, which may say
 * `{pages}`, are written on every page once the page count is known.
 */
import PDFDocument from "pdfkit";
import type { ReportDocument } from "../../../../plugin-sdk/schema/report.ts";
import { BAND_SLOTS, type Band, type BandValues, fillBand, isoDate } from "./bands.ts";
import { blockName } from "./cells.ts";
import { MM, PdfContext } from "./pdf-context.ts";
import { drawBarcode, drawImage } from "./pdf-images.ts";
import { drawLabels } from "./pdf-labels.ts";
import { drawTable } from "./pdf-table.ts";
import { drawHeading, drawKeyValue, drawParagraph } from "./pdf-text.ts";
import { pageSetup } from "./page-size.ts";

export interface PdfOptions {
  /** The `{date}` of the bands and the file's creation date. */
  now: Date;
  /** Deflate content streams (default true; tests turn it off to read the text back). */
  compress?: boolean;
}

const BAND_SIZE = 8;

function drawBand(ctx: PdfContext, band: Band, y: number, values: BandValues): void {
  for (const slot of BAND_SLOTS) {
    const text = band[slot];
    if (!text) continue;
    const filled = fillBand(text, values).replace(/\s*\r?\n\s*/g, " ");
    ctx.useFont("regular", BAND_SIZE, filled);
    ctx.line(filled, ctx.left, y, ctx.width, slot);
  }
}

/** Renders a report document to PDF bytes. */
export async function renderPdf(report: ReportDocument, options: PdfOptions): Promise<Uint8Array> {
  const { widthMm, heightMm, marginMm } = pageSetup(report);
  const margin = marginMm * MM;
  const doc = new PDFDocument({
    size: [widthMm * MM, heightMm * MM],
    margin,
    bufferPages: true,
    compress: options.compress ?? true,
    // No default font: pdfkit's is Helvetica, an AFM file a compiled binary does not carry.
    font: null as unknown as string,
    info: { Title: report.title, Creator: "Binventory", CreationDate: options.now },
    displayTitle: true,
  });
  const chunks: Uint8Array[] = [];
  doc.on("data", (c: Uint8Array) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  const ctx = new PdfContext(doc, widthMm * MM, heightMm * MM, margin);
  doc.x = ctx.left;
  doc.y = ctx.top;
  for (let i = 0; i < report.blocks.length; i++) {
    const block = report.blocks[i];
    const where = blockName(i, block);
    switch (block.type) {
      case "heading":
        drawHeading(ctx, block);
        break;
      case "paragraph":
        drawParagraph(ctx, block);
        break;
      case "keyvalue":
        drawKeyValue(ctx, block);
        break;
      case "table":
        drawTable(ctx, block);
        break;
      case "image":
        drawImage(ctx, where, block);
        break;
      case "barcode":
        await drawBarcode(ctx, where, block);
        break;
      case "labels":
        await drawLabels(ctx, where, block);
        break;
      case "spacer":
        doc.y += block.height_mm * MM;
        break;
      case "page_break":
        if (!ctx.atTop) ctx.newPage();
        break;
    }
  }

  if (report.header || report.footer) {
    const range = doc.bufferedPageRange();
    const values: BandValues = { page: "", pages: String(range.count), date: isoDate(options.now), title: report.title };
    ctx.useFont("regular", BAND_SIZE, "");
    const lh = doc.currentLineHeight(true);
    for (let p = range.start; p < range.start + range.count; p++) {
      doc.switchToPage(p);
      values.page = String(p + 1);
      // Centred in the margins; at least 2 pt from the paper edge when margins are tiny.
      if (report.header) drawBand(ctx, report.header, Math.max(2, (margin - lh) / 2), values);
      if (report.footer) drawBand(ctx, report.footer, Math.min(heightMm * MM - lh - 2, ctx.bottom + (margin - lh) / 2), values);
    }
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
