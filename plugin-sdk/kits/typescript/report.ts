/**
 * Report document builder over the generated ABI types (abi.ts), for JS-PDK authors:
 *
 *   const output = new ReportBuilder("Stock at Shelf 1")
 *     .heading("Parts", 2)
 *     .keyValue("Location", "Shelf 1")
 *     .table([["name", "Part"], ["quantity", "Quantity"]], rows)
 *     .toOutput(); // {"document": {...}}: report_build's output
 */
import type { ReportBuildOutputDocument, ReportDocument, ReportDocumentBlock, ReportDocumentBlockBarcodeSymbology, ReportDocumentBlockParagraph, ReportDocumentBlockTable } from "./abi.ts";

export class ReportBuilder {
  private readonly doc: ReportDocument;

  constructor(title: string) {
    this.doc = { title, blocks: [] };
  }

  /** Any block, as the ABI types spell it. */
  block(block: ReportDocumentBlock): this {
    this.doc.blocks.push(block);
    return this;
  }

  /** A heading of `level` 1 (largest) to 3. */
  heading(text: string, level = 1): this {
    return this.block({ type: "heading", text, level });
  }

  paragraph(text: string, options: Omit<ReportDocumentBlockParagraph, "type" | "text"> = {}): this {
    return this.block({ type: "paragraph", text, ...options });
  }

  /** One line of a key/value list: added to the list just before it, or starting one. */
  keyValue(key: string, value: unknown): this {
    const last = this.doc.blocks.at(-1);
    if (last?.type === "keyvalue") last.items.push({ key, value });
    else this.block({ type: "keyvalue", items: [{ key, value }] });
    return this;
  }

  /** A table: `columns` as [key, title]; each row an object with those keys. */
  table(columns: [string, string][], rows: Record<string, unknown>[], options: Omit<ReportDocumentBlockTable, "type" | "columns" | "rows"> = {}): this {
    return this.block({ type: "table", columns: columns.map(([key, title]) => ({ key, title })), rows, ...options });
  }

  barcode(symbology: ReportDocumentBlockBarcodeSymbology, data: string): this {
    return this.block({ type: "barcode", symbology, data });
  }

  spacer(height_mm: number): this {
    return this.block({ type: "spacer", height_mm });
  }

  pageBreak(): this {
    return this.block({ type: "page_break" });
  }

  /** The document as built. */
  document(): ReportDocument {
    return this.doc;
  }

  /** report_build's output: `{"document": …}`. */
  toOutput(): ReportBuildOutputDocument {
    return { document: this.doc };
  }
}
