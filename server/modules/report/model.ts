import { type Static, t } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";
import { UserBriefSchema } from "../user/model.ts";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);

/** A report or label template as GET /api/report/ and /api/label/ list it (InvenTree's ReportTemplateSerializer, the fields that apply). */
export const TemplateSchema = t.Object({
  pk: t.String({ description: "The template key: a built-in key (stocktake) or <plugin slug>:<report key>" }),
  key: t.String(),
  name: t.String(),
  description: t.String(),
  model_type: t.String({ description: "part, stockitem, stocklocation, purchaseorder, salesorder, salesordershipment" }),
  formats: t.Array(t.String()),
  kind: t.Union([t.Literal("report"), t.Literal("label")]),
  builtin: t.Boolean(),
  plugin: Nullable(t.String()),
  enabled: t.Boolean(),
  width: t.Optional(t.Number({ description: "Default label width (mm)" })),
  height: t.Optional(t.Number({ description: "Default label height (mm)" })),
});
export type TemplateOut = Static<typeof TemplateSchema>;

export const TemplateListQuery = t.Object({
  ...ListQuery,
  model_type: t.Optional(t.String({ maxLength: 50 })),
  items: t.Optional(t.String({ maxLength: 10_000, description: "Comma-separated pks; with model_type, only templates that can print them all" })),
  enabled: t.Optional(BoolQuery),
  builtin: t.Optional(BoolQuery),
});
export type TemplateListQueryIn = Static<typeof TemplateListQuery>;

/**
 * A template as InvenTree's LabelTemplateSerializer / ReportTemplateSerializer answer it at
 * /api/label/template/ and /api/report/template/: an integer pk (the python library casts it with
 * int(), the app stores it as its default template), plus Binventory's key, formats and kind.
 */
export const InvenTreeTemplateSchema = t.Object({
  pk: t.Integer({ description: "Stable integer pk: fixed for built-ins, derived from the key for plugin reports" }),
  key: t.String({ description: "Binventory's template key; POST …/print/ accepts it in place of the pk" }),
  name: t.String(),
  description: t.String(),
  model_type: t.String(),
  filters: t.String({ description: "InvenTree's template filters; built-in templates print any object of their model" }),
  enabled: t.Boolean(),
  revision: t.Integer(),
  attach_to_model: t.Boolean(),
  width: t.Optional(t.Number({ description: "Label width (mm), labels only" })),
  height: t.Optional(t.Number({ description: "Label height (mm), labels only" })),
  page_size: t.Optional(t.String({ description: "Reports only" })),
  landscape: t.Optional(t.Boolean({ description: "Reports only" })),
  merge: t.Optional(t.Boolean({ description: "Reports only" })),
  formats: t.Array(t.String()),
  kind: t.Union([t.Literal("report"), t.Literal("label")]),
  builtin: t.Boolean(),
  plugin: Nullable(t.String()),
  template: t.String({
    description:
      "URL of the template file, as InvenTree's (inventree-python label.py:154 downloadTemplate). Binventory's templates are code (built in) or WebAssembly (plugins), so the file is a JSON description of the template",
  }),
});
export type InvenTreeTemplateOut = Static<typeof InvenTreeTemplateSchema>;

/** The file `template` points at: what the template is, since there is no template source to hand out. */
export const TemplateFileSchema = t.Object({
  key: t.String(),
  name: t.String(),
  description: t.String(),
  kind: t.Union([t.Literal("report"), t.Literal("label")]),
  model_type: t.String(),
  formats: t.Array(t.String()),
  builtin: t.Boolean(),
  plugin: Nullable(t.String()),
  note: t.String(),
});
export type TemplateFileOut = Static<typeof TemplateFileSchema>;

/** The template a print names: its integer pk (InvenTree's clients) or its key (Binventory's form). */
const templateRef = (model: "reporttemplate" | "labeltemplate", kind: "report" | "label") =>
  t.Union([t.Integer({ minimum: 1 }), t.String({ minLength: 1, maxLength: 300 })], {
    title: "Template",
    description: `Select ${kind} template: its pk from /api/${kind}/template/ (or its key)`,
    "x-related": { model, api_url: `/api/${kind}/template/` },
  });

const items = t.Array(t.Integer(), { title: "Items", maxItems: 100_000, description: "List of item primary keys to include" });

/** The output format; null (an app form left as is) means pdf. Checked by the service against the template's formats. */
const formatField = (choices: readonly string[]) =>
  t.Optional(
    t.Union([t.String({ maxLength: 20 }), t.Null()], {
      title: "Format",
      default: "pdf",
      description: `${choices.join(", ")}, as the template offers`,
      "x-choices": choices.map((value) => ({ value, display_name: value.toUpperCase() })),
    }),
  );

export const ReportPrintBody = t.Object({ template: templateRef("reporttemplate", "report"), items, format: formatField(["pdf", "html", "csv", "md", "tex"]) });
export type ReportPrintIn = Static<typeof ReportPrintBody>;

/** Label size as given; ranges are checked by the service so a bad size is a 400 naming `label`. */
const LabelSizeBody = t.Object({
  width_mm: t.Number(),
  height_mm: t.Number(),
  gap_mm: t.Optional(t.Number()),
  symbology: t.Optional(t.String({ maxLength: 20, description: "qrcode (default), datamatrix or code128" })),
});

// Ranges and choices of the printing options are checked by the service, for DRF's messages
// ("Ensure this value is…", "… is not a valid choice."); the bounds here describe them.
const sizeField = (title: string, dflt: number, minimum: number, maximum: number) =>
  t.Optional(t.Union([t.Number(), t.Null()], { title, default: dflt, minimum, maximum }));

/**
 * A label print as InvenTree's LabelPrintSerializer takes it ({template, items, plugin}) plus the
 * built-in label plugin's printing options, flat as InvenTree merges a plugin's options into the
 * form (the app shows them after OPTIONS ?plugin=…). Every option has a default or takes null:
 * the app sends each form field, null when left empty. `label` is Binventory's older nested form.
 */
export const LabelPrintBody = t.Object({
  template: templateRef("labeltemplate", "label"),
  items,
  format: formatField(["pdf", "html", "csv", "md", "tex"]),
  plugin: t.Optional(
    t.Union([t.String({ maxLength: 100 }), t.Null()], {
      title: "Printing Plugin",
      description: "Select plugin to use for label printing (its key); inventreelabel by default",
      "x-related": { model: "pluginconfig", api_url: "/api/plugins/", pk_field: "key", filters: { mixin: "labels" } },
    }),
  ),
  width_mm: sizeField("Label width (mm)", 50, 5, 500),
  height_mm: sizeField("Label height (mm)", 20, 5, 500),
  gap_mm: sizeField("Gap between labels (mm)", 2, 0, 50),
  symbology: t.Optional(
    t.Union([t.String({ maxLength: 20 }), t.Null()], {
      title: "Barcode",
      default: "qrcode",
      "x-choices": [
        { value: "qrcode", display_name: "QR code" },
        { value: "datamatrix", display_name: "DataMatrix" },
        { value: "code128", display_name: "Code 128" },
      ],
    }),
  ),
  label: t.Optional(t.Object(LabelSizeBody.properties, { description: "Binventory's older nested form of width_mm, height_mm, gap_mm and symbology; wins over them when given (null is dropped before validation)" })),
});
export type LabelPrintIn = Static<typeof LabelPrintBody>;

/** InvenTree's DataOutput serializer: one printed report or label sheet. */
export const DataOutputSchema = t.Object({
  pk: t.Integer(),
  created: t.String(),
  user: Nullable(t.Integer()),
  user_detail: Nullable(UserBriefSchema),
  total: t.Integer(),
  progress: t.Integer(),
  complete: t.Boolean(),
  output_type: t.String(),
  template: t.String(),
  template_name: t.String(),
  plugin: Nullable(t.String()),
  format: t.String(),
  output_name: t.String(),
  output: Nullable(t.String({ description: "Download URL of the file" })),
  errors: t.Array(t.String()),
});
export type DataOutputOut = Static<typeof DataOutputSchema>;

export const DataOutputListQuery = t.Object({ ...ListQuery, output_type: t.Optional(t.String({ maxLength: 20 })) });
export type DataOutputListQueryIn = Static<typeof DataOutputListQuery>;

/** The file name segment is informative: the pk alone names the output. */
export const DownloadParams = t.Object({ pk: t.Integer({ minimum: 1 }), name: t.String({ maxLength: 1000 }) });
export { REPORT_CONTEXT_SCHEMAS } from "./context-schema.ts";
