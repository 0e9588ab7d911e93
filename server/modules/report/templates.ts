/**
 * The templates a user can print: the built-in reports and labels, and the reports declared by
 * plugins (manifest `kinds.report.reports`), keyed `<plugin slug>:<report key>`.
 */
import { REPORT_FORMATS, type ReportFormat } from "../../../plugin-sdk/schema/report.ts";
import type { AppContext } from "../../context.ts";
import { fieldError } from "../../http/errors.ts";
import { BUILTIN_REPORTS, type BuiltinReport, DEFAULT_LABEL } from "./builtin/index.ts";
import { isReportModel, type ReportModel } from "./context.ts";
import type { TemplateListQueryIn, TemplateOut } from "./model.ts";
import { pageEnvelope } from "../../http/pagination.ts";

export type Template =
  | { kind: "report" | "label"; key: string; name: string; description: string; model: ReportModel; formats: readonly ReportFormat[]; builtin: BuiltinReport; plugin: null }
  | { kind: "report"; key: string; name: string; description: string; model: ReportModel; formats: readonly ReportFormat[]; builtin: null; plugin: { slug: string; report: string } };

const isFormat = (f: string): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f);

/** Every template, built-ins first; plugin reports of loaded, active plugins whose model we can gather. */
export function listTemplates(ctx: AppContext): Template[] {
  const out: Template[] = BUILTIN_REPORTS.map((b) => ({ kind: b.kind, key: b.key, name: b.name, description: b.description, model: b.model, formats: b.formats, builtin: b, plugin: null }));
  for (const rec of ctx.plugins.list()) {
    if (!rec.payload || !rec.active) continue;
    for (const r of rec.manifest?.kinds.report?.reports ?? []) {
      // A model we cannot build a context for could never be printed: not offered.
      if (!isReportModel(r.model)) continue;
      const formats = r.formats ? r.formats.filter(isFormat) : REPORT_FORMATS;
      out.push({ kind: "report", key: `${rec.slug}:${r.key}`, name: r.name, description: r.description ?? "", model: r.model, formats, builtin: null, plugin: { slug: rec.slug, report: r.key } });
    }
  }
  return out;
}

/** The template `key` of `kind`, or a 400 naming `template`. */
export function resolveTemplate(ctx: AppContext, kind: "report" | "label", key: string): Template {
  const t = listTemplates(ctx).find((x) => x.key === key && x.kind === kind);
  if (!t) throw fieldError("template", `Invalid pk "${key}" - object does not exist.`);
  return t;
}

/** The API view of a template. */
export function toTemplateOut(t: Template): TemplateOut {
  const out: TemplateOut = {
    pk: t.key,
    key: t.key,
    name: t.name,
    description: t.description,
    model_type: t.model,
    formats: [...t.formats],
    kind: t.kind,
    builtin: t.builtin !== null,
    plugin: t.plugin?.slug ?? null,
    enabled: true,
  };
  if (t.kind === "label") {
    out.width = DEFAULT_LABEL.width_mm;
    out.height = DEFAULT_LABEL.height_mm;
  }
  return out;
}

const truthy = (v: string) => ["true", "1", "yes", "on"].includes(v.toLowerCase());

/** GET /api/report/ and /api/label/ with InvenTree's filters: model_type, items (with model_type), enabled, search, ordering. */
export function listTemplateOut(ctx: AppContext, kind: "report" | "label", url: string, q: TemplateListQueryIn) {
  if (q.model_type !== undefined && !isReportModel(q.model_type)) {
    throw fieldError("model_type", `Select a valid choice. ${q.model_type} is not one of the available choices.`);
  }
  let list = listTemplates(ctx).filter((t) => t.kind === kind);
  // As InvenTree, `items` only narrows once `model_type` is given; our templates have no filters,
  // so every template of that model can print any of its items.
  if (q.model_type !== undefined) list = list.filter((t) => t.model === q.model_type);
  if (q.enabled !== undefined && !truthy(q.enabled)) list = [];
  if (q.builtin !== undefined) list = list.filter((t) => (t.builtin !== null) === truthy(q.builtin ?? ""));
  if (q.search) {
    const s = q.search.toLowerCase();
    list = list.filter((t) => t.name.toLowerCase().includes(s) || t.description.toLowerCase().includes(s) || t.key.toLowerCase().includes(s));
  }
  if (q.ordering === "name" || q.ordering === "-name") {
    list = [...list].sort((a, b) => a.name.localeCompare(b.name));
    if (q.ordering === "-name") list.reverse();
  }
  const offset = q.offset ?? 0;
  const page = q.limit === undefined ? list : list.slice(offset, offset + q.limit);
  return pageEnvelope(url, q, list.length, page.map(toTemplateOut));
}
