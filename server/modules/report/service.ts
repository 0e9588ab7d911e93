/**
 * Printing: resolve the template, keep the items that exist, build the document (built-in or
 * plugin), render it in the requested format and store the file as a data-output record.
 */
import { REPORT_FORMATS, type ReportDocument, type ReportFormat } from "../../../plugin-sdk/schema/report.ts";
import type { AppContext } from "../../core/context.ts";
import { ApiError, FieldErrorCollector, fieldError } from "../../core/errors.ts";
import type { AuthUser } from "../../core/auth.ts";
import { DEFAULT_LABEL, type LabelOptions, type Symbology } from "./builtin/index.ts";
import { existingPks } from "./context.ts";
import { resolveLabelPlugin } from "./label-plugin.ts";
import type { DataOutputOut, LabelPrintIn, ReportPrintIn } from "./model.ts";
import { storeOutput } from "./outputs.ts";
import { buildPluginReport } from "./plugin-build.ts";
import { renderDocument } from "./renderers/index.ts";
import { resolveTemplate, type Template } from "./templates.ts";

const SYMBOLOGIES: readonly Symbology[] = ["qrcode", "datamatrix", "code128"];

/** A report or label print: the label fields are ignored for reports. */
export type PrintRequest = (ReportPrintIn & Partial<Omit<LabelPrintIn, keyof ReportPrintIn>>) & {
  user: AuthUser;
  requestId?: string;
  now?: Date;
  /** Whether a plugin key names any plugin (for the label plugin's "not found" / "cannot print labels" message). */
  pluginExists?: (key: string) => boolean;
};

function checkFormat(t: Template, format: string | null | undefined): ReportFormat {
  const f = format ?? "pdf";
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw fieldError("format", `"${f}" is not a valid choice.`);
  if (!(t.formats as readonly string[]).includes(f)) throw fieldError("format", `Template "${t.key}" does not support the ${f} format; it offers ${t.formats.join(", ")}.`);
  return f as ReportFormat;
}

/** Adds DRF's range message for a number outside [min, max] (null and absent pass). */
const checkRange = (errors: FieldErrorCollector) => (field: string, v: number | null | undefined, min: number, max: number) => {
  if (v === undefined || v === null) return;
  if (!Number.isFinite(v)) errors.add(field, "A valid number is required.");
  else if (v < min) errors.add(field, `Ensure this value is greater than or equal to ${min}.`);
  else if (v > max) errors.add(field, `Ensure this value is less than or equal to ${max}.`);
};

/** The symbology asked for (the default when null or absent); a bad one is added to `errors`. */
function checkSymbology(errors: FieldErrorCollector, v: string | null | undefined): Symbology {
  if (v === undefined || v === null) return DEFAULT_LABEL.symbology;
  if ((SYMBOLOGIES as readonly string[]).includes(v)) return v as Symbology;
  errors.add("symbology", `"${v}" is not a valid choice.`);
  return DEFAULT_LABEL.symbology;
}

type LabelFields = Pick<LabelPrintIn, "label" | "width_mm" | "height_mm" | "gap_mm" | "symbology">;

/**
 * The label size of a label print, checked against the document model's ranges: the nested
 * `label` when given (400 naming `label`), else the flat printing options (400 naming each).
 */
function checkLabelOptions(req: LabelFields): LabelOptions {
  if (req.label) return checkNestedLabel(req.label);
  const errors = new FieldErrorCollector();
  const range = checkRange(errors);
  range("width_mm", req.width_mm, 5, 500);
  range("height_mm", req.height_mm, 5, 500);
  range("gap_mm", req.gap_mm, 0, 50);
  const symbology = checkSymbology(errors, req.symbology);
  if (!errors.empty) throw new ApiError(400, errors.errors);
  return {
    width_mm: req.width_mm ?? DEFAULT_LABEL.width_mm,
    height_mm: req.height_mm ?? DEFAULT_LABEL.height_mm,
    gap_mm: req.gap_mm ?? DEFAULT_LABEL.gap_mm,
    symbology,
  };
}

function checkNestedLabel(label: NonNullable<LabelPrintIn["label"]>): LabelOptions {
  const errors = new FieldErrorCollector();
  const range = checkRange(errors);
  range("width_mm", label.width_mm, 5, 500);
  range("height_mm", label.height_mm, 5, 500);
  range("gap_mm", label.gap_mm, 0, 50);
  const symbology = checkSymbology(errors, label.symbology);
  if (!errors.empty) throw new ApiError(400, { label: errors.errors });
  return { width_mm: label.width_mm, height_mm: label.height_mm, gap_mm: label.gap_mm ?? DEFAULT_LABEL.gap_mm, symbology };
}

/** A file name from the document title: letters, digits, dots, dashes and underscores only. */
const fileName = (title: string, extension: string) => `${title.replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^_+|_+$/g, "").slice(0, 100) || "report"}.${extension}`;

/**
 * A label sheet's file name says what it holds (`label-stockitem-12.pdf`, `labels-part-3-4-9.pdf`,
 * `labels-part-3-4-5-6-7-and-20-more.pdf`): the clients save the download under the last segment
 * of its URL, so sheets of different objects do not overwrite each other.
 */
function labelFileName(model: string, pks: number[], extension: string): string {
  if (pks.length === 1) return `label-${model}-${pks[0]}.${extension}`;
  const shown = pks.slice(0, 5).join("-");
  return `labels-${model}-${shown}${pks.length > 5 ? `-and-${pks.length - 5}-more` : ""}.${extension}`;
}

/** Prints `kind` template `req.template` for `req.items`; answers the stored data-output record. */
export async function printTemplate(ctx: AppContext, kind: "report" | "label", req: PrintRequest): Promise<DataOutputOut> {
  const template = resolveTemplate(ctx, kind, req.template);
  const format = checkFormat(template, req.format);
  const label = kind === "label" ? checkLabelOptions(req) : undefined;
  const labelPlugin = kind === "label" ? resolveLabelPlugin(req.plugin, req.pluginExists ?? (() => false)) : null;
  const pks = await existingPks(ctx.database, template.model, req.items);
  if (!pks.length) throw fieldError("items", "No valid items provided to template");
  const opts = { user: req.user, now: req.now, label };

  let file: { bytes: Uint8Array; contentType: string; name: string };
  if (template.builtin) {
    const doc: ReportDocument = await template.builtin.build(ctx, pks, opts);
    const r = await renderDocument(doc, format, { now: req.now });
    file = { bytes: r.bytes, contentType: r.contentType, name: kind === "label" ? labelFileName(template.model, pks, r.extension) : fileName(doc.title, r.extension) };
  } else {
    const built = await buildPluginReport(ctx, pks, { ...template.plugin, model: template.model, format, user: req.user, requestId: req.requestId, opts });
    if ("file" in built) file = { bytes: built.file.bytes, contentType: built.file.contentType, name: built.file.filename };
    else {
      const r = await renderDocument(built.document, format, { now: req.now });
      file = { bytes: r.bytes, contentType: r.contentType, name: fileName(built.document.title, r.extension) };
    }
  }
  return storeOutput(ctx.database, {
    user: req.user.id,
    output_type: kind,
    template: template.key,
    template_name: template.name,
    // As InvenTree, a label output names the label printer; a report output the plugin that built it.
    plugin: labelPlugin ?? template.plugin?.slug ?? null,
    format,
    total: pks.length,
    output_name: file.name,
    content_type: file.contentType,
    data: file.bytes,
  });
}

export { LABEL_PLUGIN_SLUG, assertLabelPluginChange, builtinLabelPluginOut } from "./label-plugin.ts";
