/**
 * Renders a report document to a file in one of the report formats. Each format has its own
 * renderer in this folder; all of them escape every string of the document for their format.
 * A block that cannot be rendered (barcode data its symbology cannot hold, image bytes that are
 * not the declared type, a label larger than the page) is a 400 naming the block.
 */
import type { ReportDocument, ReportFormat } from "../../../../plugin-sdk/schema/report.ts";
import { renderCsv } from "./csv.ts";
import { renderHtml } from "./html.ts";
import { renderLatex } from "./latex.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderPdf } from "./pdf.ts";

export interface RenderedFile {
  bytes: Uint8Array;
  contentType: string;
  extension: string;
}

export interface RenderOptions {
  /** The `{date}` in bands and the PDF's creation date (default: now). */
  now?: Date;
  /** PDF only: deflate content streams (default true). */
  compress?: boolean;
}

const encoder = new TextEncoder();
const text = (s: string, contentType: string, extension: string): RenderedFile => ({ bytes: encoder.encode(s), contentType, extension });

/** Renders `doc` to `format`; throws ApiError(400) naming the block that cannot be rendered. */
export async function renderDocument(doc: ReportDocument, format: ReportFormat, options: RenderOptions = {}): Promise<RenderedFile> {
  const now = options.now ?? new Date();
  switch (format) {
    case "pdf":
      return { bytes: await renderPdf(doc, { now, compress: options.compress }), contentType: "application/pdf", extension: "pdf" };
    case "html":
      return text(renderHtml(doc, now), "text/html; charset=utf-8", "html");
    case "csv":
      return text(renderCsv(doc), "text/csv; charset=utf-8", "csv");
    case "md":
      return text(await renderMarkdown(doc, now), "text/markdown; charset=utf-8", "md");
    case "tex":
      return text(renderLatex(doc, now), "application/x-tex; charset=utf-8", "tex");
  }
}
