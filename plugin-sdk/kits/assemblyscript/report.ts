// Report document builder over the generated ABI classes (abi.ts):
//
//   return output(new Report("Stock at Shelf 1")
//     .heading("Parts", 2)
//     .keyValue("Location", Json.str("Shelf 1"))
//     .table(["name", "quantity"], ["Part", "Quantity"], rows)
//     .toOutput());                      // {"document": {...}}: report_build's output

import { Json } from "./json";
import {
  ReportBuildOutputDocument,
  ReportDocument,
  ReportDocumentBlockBarcode,
  ReportDocumentBlockHeading,
  ReportDocumentBlockKeyvalue,
  ReportDocumentBlockKeyvalueItem,
  ReportDocumentBlockPageBreak,
  ReportDocumentBlockParagraph,
  ReportDocumentBlockSpacer,
  ReportDocumentBlockTable,
  ReportDocumentBlockTableColumn,
} from "./abi";

/** A report document being built, block by block. */
export class Report {
  doc: ReportDocument;
  blocks: Array<Json> = [];

  constructor(title: string) {
    this.doc = new ReportDocument().setTitle(title);
  }

  /** Any block, as Json (e.g. `new ReportDocumentBlockImage()…toJson()`). */
  block(block: Json): Report {
    this.blocks.push(block);
    return this;
  }

  /** A heading of `level` 1 (largest) to 3. */
  heading(text: string, level: i64 = 1): Report {
    return this.block(new ReportDocumentBlockHeading().setText(text).setLevel(level).toJson());
  }

  paragraph(text: string): Report {
    return this.block(new ReportDocumentBlockParagraph().setText(text).toJson());
  }

  /** One line of a key/value list: added to the list just before it, or starting one. */
  keyValue(key: string, value: Json): Report {
    const item = new ReportDocumentBlockKeyvalueItem().setKey(key).setValue(value).toJson();
    const n = this.blocks.length;
    if (n > 0 && this.blocks[n - 1].get("type").str == "keyvalue") {
      this.blocks[n - 1].get("items").push(item);
      return this;
    }
    return this.block(new ReportDocumentBlockKeyvalue().toJson().set("items", Json.arr([item])));
  }

  /** A table: column `keys` with their `titles`; each row an object with those keys. */
  table(keys: string[], titles: string[], rows: Json[]): Report {
    const columns = new Array<ReportDocumentBlockTableColumn>(keys.length);
    for (let i = 0; i < keys.length; i++) columns[i] = new ReportDocumentBlockTableColumn().setKey(keys[i]).setTitle(i < titles.length ? titles[i] : keys[i]);
    return this.block(new ReportDocumentBlockTable().setColumns(columns).setRows(rows).toJson());
  }

  /** `symbology`: one of ReportDocumentBlockBarcodeSymbology's values (qrcode, datamatrix, code128…). */
  barcode(symbology: string, data: string): Report {
    return this.block(new ReportDocumentBlockBarcode().setSymbology(symbology).setData(data).toJson());
  }

  spacer(heightMm: f64): Report {
    return this.block(new ReportDocumentBlockSpacer().setHeightMm(heightMm).toJson());
  }

  pageBreak(): Report {
    return this.block(new ReportDocumentBlockPageBreak().toJson());
  }

  /** The document as built. */
  document(): ReportDocument {
    this.doc.json.set("blocks", Json.arr(this.blocks));
    return this.doc;
  }

  /** report_build's output, as text for `output()`: `{"document": …}`. */
  toOutput(): string {
    return new ReportBuildOutputDocument().setDocument(this.document()).toJson().toString();
  }
}
