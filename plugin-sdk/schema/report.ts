import { type Static, Type } from "@sinclair/typebox";
import { CallUser } from "./call-user.ts";

/**
 * The report document model: format-independent, rendered by the server to PDF (pdfkit), HTML,
 * CSV (tables), Markdown and LaTeX. Plugins and built-in reports produce it; renderers escape
 * every string for their format.
 */

const Text = Type.String({ maxLength: 100_000 });
const Align = Type.Union([Type.Literal("left"), Type.Literal("center"), Type.Literal("right")]);
const Symbology = Type.Union(["qrcode", "datamatrix", "code128", "ean13", "upca"].map((s) => Type.Literal(s)));
const CellValue = Type.Union([Type.String({ maxLength: 10_000 }), Type.Number(), Type.Boolean(), Type.Null()]);

/** Running text for page headers and footers; `{page}`, `{pages}`, `{date}` and `{title}` are filled in. */
export const PageBand = Type.Object(
  { left: Type.Optional(Text), center: Type.Optional(Text), right: Type.Optional(Text) },
  { additionalProperties: false },
);

export const PageSetup = Type.Object(
  {
    size: Type.Optional(
      Type.Union([
        Type.Literal("A4"),
        Type.Literal("A5"),
        Type.Literal("A6"),
        Type.Literal("Letter"),
        Type.Literal("Legal"),
        Type.Object({ width_mm: Type.Number({ minimum: 10, maximum: 2000 }), height_mm: Type.Number({ minimum: 10, maximum: 2000 }) }, { additionalProperties: false }),
      ]),
    ),
    orientation: Type.Optional(Type.Union([Type.Literal("portrait"), Type.Literal("landscape")])),
    margin_mm: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const TableColumn = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 100 }),
    title: Text,
    /** Relative width (weights are normalised to the page width). */
    width: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
    align: Type.Optional(Align),
    format: Type.Optional(Type.Union([Type.Literal("text"), Type.Literal("integer"), Type.Literal("number"), Type.Literal("currency"), Type.Literal("date"), Type.Literal("boolean")])),
    decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  },
  { additionalProperties: false },
);

export const Block = Type.Union([
  Type.Object({ type: Type.Literal("heading"), text: Text, level: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })) }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal("paragraph"), text: Text, align: Type.Optional(Align), bold: Type.Optional(Type.Boolean()), italic: Type.Optional(Type.Boolean()), size: Type.Optional(Type.Number({ minimum: 4, maximum: 72 })) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal("keyvalue"), items: Type.Array(Type.Object({ key: Text, value: CellValue }, { additionalProperties: false }), { maxItems: 1000 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("table"),
      caption: Type.Optional(Text),
      columns: Type.Array(TableColumn, { minItems: 1, maxItems: 50 }),
      rows: Type.Array(Type.Record(Type.String(), CellValue), { maxItems: 1_000_000 }),
      /** Repeat the header row on every page the table spans (default true). */
      repeat_header: Type.Optional(Type.Boolean()),
      /** A totals row: a value per column key (columns left out stay empty). */
      totals: Type.Optional(Type.Record(Type.String(), CellValue)),
      /** Stripe alternate rows (PDF/HTML). */
      zebra: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("image"),
      mime: Type.Union([Type.Literal("image/png"), Type.Literal("image/jpeg")]),
      data_base64: Type.String({ maxLength: 20_000_000 }),
      width_mm: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      height_mm: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      caption: Type.Optional(Text),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("barcode"),
      symbology: Symbology,
      data: Type.String({ minLength: 1, maxLength: 4095 }),
      width_mm: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      height_mm: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      caption: Type.Optional(Text),
      align: Type.Optional(Align),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("labels"),
      /** One label's size; labels are laid out in a grid filling each page. */
      label: Type.Object({ width_mm: Type.Number({ minimum: 5, maximum: 500 }), height_mm: Type.Number({ minimum: 5, maximum: 500 }), gap_mm: Type.Optional(Type.Number({ minimum: 0, maximum: 50 })) }, { additionalProperties: false }),
      items: Type.Array(
        Type.Object({ barcode: Type.Optional(Type.Object({ symbology: Symbology, data: Type.String({ minLength: 1, maxLength: 4095 }) }, { additionalProperties: false })), lines: Type.Array(Text, { maxItems: 10 }) }, { additionalProperties: false }),
        { maxItems: 100_000 },
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal("spacer"), height_mm: Type.Number({ minimum: 0, maximum: 500 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal("page_break") }, { additionalProperties: false }),
]);
export type Block = Static<typeof Block>;

export const ReportDocument = Type.Object(
  {
    title: Text,
    page: Type.Optional(PageSetup),
    header: Type.Optional(PageBand),
    footer: Type.Optional(PageBand),
    blocks: Type.Array(Block, { maxItems: 100_000 }),
  },
  { additionalProperties: false },
);
export type ReportDocument = Static<typeof ReportDocument>;

export const REPORT_FORMATS = ["pdf", "html", "csv", "md", "tex"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

// ---- report_build ---------------------------------------------------------------------------
export const ReportBuildInput = Type.Object({
  report: Type.String({ description: "The report key from the manifest's kinds.report.reports." }),
  format: Type.Union(REPORT_FORMATS.map((f) => Type.Literal(f))),
  /** InvenTree's context names where they exist: location, stock_items, order, lines, shipment, allocations, item, results, tests, part, qr_data, date, user… */
  context: Type.Record(Type.String(), Type.Unknown()),
  user: CallUser,
});
export type ReportBuildInput = Static<typeof ReportBuildInput>;

export const ReportBuildOutput = Type.Union([
  Type.Object({ document: ReportDocument }, { additionalProperties: false, description: "A document the server renders to the requested format." }),
  Type.Object({ context: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false, description: "Extra context merged into a built-in report's (InvenTree's add_report_context)." }),
  Type.Object(
    {
      file: Type.Object(
        { content_type: Type.String({ minLength: 1, maxLength: 200 }), filename: Type.String({ minLength: 1, maxLength: 200 }), data_base64: Type.String({ maxLength: 50_000_000 }) },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false, description: "A finished file, returned as is." },
  ),
]);
export type ReportBuildOutput = Static<typeof ReportBuildOutput>;
