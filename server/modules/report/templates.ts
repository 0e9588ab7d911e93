/**
 * The templates a user can print: the built-in reports and labels, and the reports declared by
 * plugins (manifest `kinds.report.reports`), keyed `<plugin slug>:<report key>`. Each also has an
 * integer pk, as InvenTree's template rows do: fixed for the built-ins, derived from the key for
 * plugin reports, so no table is needed and a pk stays the same across restarts and reloads.
 */
import { REPORT_FORMATS, type ReportFormat } from "../../../plugin-sdk/schema/report.ts";
import type { AppContext } from "../../core/context.ts";
import { fieldError } from "../../core/errors.ts";
import { BUILTIN_REPORTS, BUILTIN_TEMPLATE_IDS, type BuiltinReport } from "./builtin/index.ts";
import { isReportModel, type ReportModel } from "./context.ts";

interface TemplateBase {
  /** Integer pk (InvenTree's LabelTemplate / ReportTemplate pk); one id space per kind. */
  id: number;
  key: string;
  name: string;
  description: string;
  model: ReportModel;
  formats: readonly ReportFormat[];
}

export type Template =
  | (TemplateBase & { kind: "report" | "label"; builtin: BuiltinReport; plugin: null })
  | (TemplateBase & { kind: "report"; builtin: null; plugin: { slug: string; report: string } });

const isFormat = (f: string): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f);

/** Plugin template pks start here, above any built-in id. */
const PLUGIN_ID_BASE = 1000;
const PLUGIN_ID_SPAN = 2_000_000_000;

/** FNV-1a (32 bit) of a template key: the seed of its pk. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/**
 * Gives plugin templates their pks: the key's hash, moved on to the next free id on the (rare)
 * collision, in key order so the result does not depend on plugin load order.
 */
function assignPluginIds(list: Template[]): void {
  const taken = new Set(list.filter((t) => t.builtin).map((t) => `${t.kind}:${t.id}`));
  const plugins = list.filter((t) => !t.builtin).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const t of plugins) {
    let id = PLUGIN_ID_BASE + (fnv1a(t.key) % PLUGIN_ID_SPAN);
    while (taken.has(`${t.kind}:${id}`)) id = id + 1 >= PLUGIN_ID_BASE + PLUGIN_ID_SPAN ? PLUGIN_ID_BASE : id + 1;
    taken.add(`${t.kind}:${id}`);
    t.id = id;
  }
}

/** Every template, built-ins first; plugin reports of loaded, active plugins whose model we can gather. */
export function listTemplates(ctx: AppContext): Template[] {
  const out: Template[] = BUILTIN_REPORTS.map((b) => ({
    id: BUILTIN_TEMPLATE_IDS[b.kind][b.key] ?? 0,
    kind: b.kind,
    key: b.key,
    name: b.name,
    description: b.description,
    model: b.model,
    formats: b.formats,
    builtin: b,
    plugin: null,
  }));
  for (const rec of ctx.plugins.list()) {
    if (!rec.payload || !rec.active) continue;
    for (const r of rec.manifest?.kinds.report?.reports ?? []) {
      // A model we cannot build a context for could never be printed: not offered.
      if (!isReportModel(r.model)) continue;
      const formats = r.formats ? r.formats.filter(isFormat) : REPORT_FORMATS;
      out.push({ id: 0, kind: "report", key: `${rec.slug}:${r.key}`, name: r.name, description: r.description ?? "", model: r.model, formats, builtin: null, plugin: { slug: rec.slug, report: r.key } });
    }
  }
  assignPluginIds(out);
  return out;
}

/**
 * The template of `kind` named by `ref`: its integer pk (as InvenTree's clients send it, also as
 * a string of digits) or its key (Binventory's own form); a 400 naming `template` otherwise.
 */
export function resolveTemplate(ctx: AppContext, kind: "report" | "label", ref: number | string): Template {
  const id = typeof ref === "number" ? ref : /^\d+$/.test(ref) ? Number(ref) : null;
  const t = listTemplates(ctx).find((x) => x.kind === kind && (id === null ? x.key === ref : x.id === id));
  if (!t) throw fieldError("template", `Invalid pk "${ref}" - object does not exist.`);
  return t;
}

/** The template of `kind` with pk `id`, or undefined. */
export const findTemplateById = (ctx: AppContext, kind: "report" | "label", id: number): Template | undefined =>
  listTemplates(ctx).find((x) => x.kind === kind && x.id === id);
