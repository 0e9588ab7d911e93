/**
 * Printing: resolve the template, keep the items that exist, build the document (built-in or
 * plugin), render it in the requested format and store the file as a data-output record.
 */
import { REPORT_FORMATS, type ReportDocument, type ReportFormat } from "../../../plugin-sdk/schema/report.ts";
import type { AppContext } from "../../context.ts";
import { ApiError, FieldErrorCollector, fieldError } from "../../http/errors.ts";
import type { AuthUser } from "../user/service.ts";
import { DEFAULT_LABEL, type LabelOptions, type Symbology } from "./builtin/index.ts";
import { existingPks } from "./context.ts";
import type { DataOutputOut, LabelPrintIn } from "./model.ts";
import { storeOutput } from "./outputs.ts";
import { buildPluginReport } from "./plugin-build.ts";
import { renderDocument } from "./renderers/index.ts";
import { resolveTemplate, type Template } from "./templates.ts";

const SYMBOLOGIES: readonly Symbology[] = ["qrcode", "datamatrix", "code128"];

export interface PrintRequest extends LabelPrintIn {
  user: AuthUser;
  requestId?: string;
  now?: Date;
}

function checkFormat(t: Template, format: string | undefined): ReportFormat {
  const f = format ?? "pdf";
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw fieldError("format", `"${f}" is not a valid choice.`);
  if (!(t.formats as readonly string[]).includes(f)) throw fieldError("format", `Template "${t.key}" does not support the ${f} format; it offers ${t.formats.join(", ")}.`);
  return f as ReportFormat;
}

/** The label size of a label print, checked against the document model's ranges (400 naming `label`). */
export function checkLabelOptions(label: LabelPrintIn["label"]): LabelOptions {
  if (!label) return DEFAULT_LABEL;
  const errors = new FieldErrorCollector();
  const range = (field: string, v: number | undefined, min: number, max: number) => {
    if (v === undefined) return;
    if (!Number.isFinite(v)) errors.add(field, "A valid number is required.");
    else if (v < min) errors.add(field, `Ensure this value is greater than or equal to ${min}.`);
    else if (v > max) errors.add(field, `Ensure this value is less than or equal to ${max}.`);
  };
  range("width_mm", label.width_mm, 5, 500);
  range("height_mm", label.height_mm, 5, 500);
  range("gap_mm", label.gap_mm, 0, 50);
  if (label.symbology !== undefined && !(SYMBOLOGIES as readonly string[]).includes(label.symbology)) errors.add("symbology", `"${label.symbology}" is not a valid choice.`);
  if (!errors.empty) throw new ApiError(400, { label: errors.errors });
  return { width_mm: label.width_mm, height_mm: label.height_mm, gap_mm: label.gap_mm ?? DEFAULT_LABEL.gap_mm, symbology: (label.symbology as Symbology | undefined) ?? DEFAULT_LABEL.symbology };
}

/** A file name from the document title: letters, digits, dots, dashes and underscores only. */
const fileName = (title: string, extension: string) => `${title.replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^_+|_+$/g, "").slice(0, 100) || "report"}.${extension}`;

/** Prints `kind` template `req.template` for `req.items`; answers the stored data-output record. */
export async function printTemplate(ctx: AppContext, kind: "report" | "label", req: PrintRequest): Promise<DataOutputOut> {
  const template = resolveTemplate(ctx, kind, req.template);
  const format = checkFormat(template, req.format);
  const label = kind === "label" ? checkLabelOptions(req.label) : undefined;
  const pks = existingPks(ctx.db, template.model, req.items);
  if (!pks.length) throw fieldError("items", "No valid items provided to template");
  const opts = { user: req.user, now: req.now, label };

  let file: { bytes: Uint8Array; contentType: string; name: string };
  if (template.builtin) {
    const doc: ReportDocument = template.builtin.build(ctx, pks, opts);
    const r = await renderDocument(doc, format, { now: req.now });
    file = { bytes: r.bytes, contentType: r.contentType, name: fileName(doc.title, r.extension) };
  } else {
    const built = await buildPluginReport(ctx, pks, { ...template.plugin, model: template.model, format, user: req.user, requestId: req.requestId, opts });
    if ("file" in built) file = { bytes: built.file.bytes, contentType: built.file.contentType, name: built.file.filename };
    else {
      const r = await renderDocument(built.document, format, { now: req.now });
      file = { bytes: r.bytes, contentType: r.contentType, name: fileName(built.document.title, r.extension) };
    }
  }
  return storeOutput(ctx.db, {
    user: req.user.id,
    output_type: kind,
    template: template.key,
    template_name: template.name,
    plugin: template.plugin?.slug ?? null,
    format,
    total: pks.length,
    output_name: file.name,
    content_type: file.contentType,
    data: file.bytes,
  });
}
