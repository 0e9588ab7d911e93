import { type Static, t } from "elysia";
import { ListQuery } from "../../http/pagination.ts";

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
  enabled: t.Optional(t.String({ maxLength: 10 })),
  builtin: t.Optional(t.String({ maxLength: 10 })),
});
export type TemplateListQueryIn = Static<typeof TemplateListQuery>;

const printFields = {
  template: t.String({ minLength: 1, maxLength: 300, description: "Template key from GET /api/report/ (or /api/label/)" }),
  items: t.Array(t.Integer(), { maxItems: 100_000, description: "pks of objects of the template's model" }),
  format: t.Optional(t.String({ maxLength: 20, description: "pdf (default), html, csv, md or tex, as the template offers" })),
};

export const ReportPrintBody = t.Object(printFields);
export type ReportPrintIn = Static<typeof ReportPrintBody>;

/** Label size as given; ranges are checked by the service so a bad size is a 400 naming `label`. */
export const LabelSizeBody = t.Object({
  width_mm: t.Number(),
  height_mm: t.Number(),
  gap_mm: t.Optional(t.Number()),
  symbology: t.Optional(t.String({ maxLength: 20, description: "qrcode (default), datamatrix or code128" })),
});

export const LabelPrintBody = t.Object({ ...printFields, label: t.Optional(LabelSizeBody) });
export type LabelPrintIn = Static<typeof LabelPrintBody>;

/** InvenTree's DataOutput serializer: one printed report or label sheet. */
export const DataOutputSchema = t.Object({
  pk: t.Integer(),
  created: t.String(),
  user: Nullable(t.Integer()),
  user_detail: Nullable(t.Object({ pk: t.Integer(), username: t.String() })),
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

export const PkParams = t.Object({ pk: t.Integer({ minimum: 1 }) });
