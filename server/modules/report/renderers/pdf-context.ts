/**
 * What every PDF block drawer shares: the pdfkit document, the content box of a page, the current
 * font (switched only when it changes, since pdfkit's font() is not free per table cell) and page
 * breaks. The cursor is pdfkit's own `doc.y`.
 */
import { type FontStyle, fontBytes, needsCjk } from "./fonts.ts";

export const MM = 72 / 25.4;

export class PdfContext {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  /** Memoised barcode PNGs for this document (label sheets repeat codes). */
  readonly barcodes = new Map<string, Uint8Array>();
  private font: FontStyle | undefined;
  private size = 0;
  private cjkRegistered = false;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    pageWidth: number,
    pageHeight: number,
    margin: number,
  ) {
    this.left = margin;
    this.top = margin;
    this.right = pageWidth - margin;
    this.bottom = pageHeight - margin;
    this.width = this.right - this.left;
    for (const style of ["regular", "bold", "italic", "boldItalic"] as const) doc.registerFont(style, fontBytes(style));
  }

  /** Height of the content box of a page. */
  get pageHeight(): number {
    return this.bottom - this.top;
  }

  /**
   * Selects the font for `text` in `style` at `size`: the CJK font when the text needs it (it has
   * no bold or italic; weight is lost there), else DejaVu Sans in the style.
   */
  useFont(style: Exclude<FontStyle, "cjk">, size: number, text: string): void {
    const font: FontStyle = needsCjk(text) ? "cjk" : style;
    if (font === "cjk" && !this.cjkRegistered) {
      this.doc.registerFont("cjk", fontBytes("cjk"));
      this.cjkRegistered = true;
    }
    if (font !== this.font) {
      this.doc.font(font);
      this.font = font;
    }
    if (size !== this.size) {
      this.doc.fontSize(size);
      this.size = size;
    }
  }

  /** Starts a new page and puts the cursor at its top. */
  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  /** Whether the cursor is at the top of a page (nothing drawn below the header band yet). */
  get atTop(): boolean {
    return this.doc.y <= this.top + 0.01;
  }

  /** Breaks the page unless `height` more points fit below the cursor (or it is already at the top). */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom && !this.atTop) this.newPage();
  }

  /** Draws one line of text at (x, y) without wrapping, aligned inside `width`; `textWidth` if already measured. */
  line(text: string, x: number, y: number, width: number, align: "left" | "center" | "right", textWidth?: number): void {
    if (align !== "left") {
      const w = textWidth ?? this.doc.widthOfString(text);
      x += align === "right" ? width - w : (width - w) / 2;
    }
    this.doc.text(text, x, y, { lineBreak: false });
  }
}
