/**
 * The template lists: Binventory's own (`/api/report/`, `/api/label/`, pk = the key) and
 * InvenTree's (`/api/report/template/`, `/api/label/template/`, integer pk), with InvenTree's
 * filters, search, ordering and pagination.
 */
import type { AppContext } from "../../core/context.ts";
import { parseBoolQuery, parseOrdering } from "../../core/query.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import { textContains } from "../../db/query.ts";
import { matchesSearch } from "../../db/query.ts";
import { DEFAULT_LABEL } from "./builtin/index.ts";
import { isReportModel } from "./context.ts";
import type { InvenTreeTemplateOut, TemplateFileOut, TemplateListQueryIn, TemplateOut } from "./model.ts";
import { findTemplateById, listTemplates, type Template } from "./templates.ts";

/** Binventory's view of a template (pk = key). */
function toTemplateOut(t: Template): TemplateOut {
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

/** InvenTree's view of a template (LabelTemplateSerializer / ReportTemplateSerializer fields that apply). */
function toInvenTreeTemplateOut(t: Template): InvenTreeTemplateOut {
  const base = {
    pk: t.id,
    key: t.key,
    name: t.name,
    description: t.description,
    model_type: t.model,
    filters: "",
    enabled: true,
    revision: 1,
    attach_to_model: false,
    formats: [...t.formats],
    kind: t.kind,
    builtin: t.builtin !== null,
    plugin: t.plugin?.slug ?? null,
    template: templateFileUrl(t),
  };
  return t.kind === "label"
    ? { ...base, width: DEFAULT_LABEL.width_mm, height: DEFAULT_LABEL.height_mm }
    : { ...base, page_size: "A4", landscape: false, merge: false };
}

/** The templates of `kind` after InvenTree's filters: model_type, items (with model_type), enabled, builtin, search, ordering. */
function filterTemplates(ctx: AppContext, kind: "report" | "label", q: TemplateListQueryIn): Template[] {
  if (q.model_type !== undefined && !isReportModel(q.model_type)) {
    throw fieldError("model_type", `Select a valid choice. ${q.model_type} is not one of the available choices.`);
  }
  let list = listTemplates(ctx).filter((t) => t.kind === kind);
  // As InvenTree, `items` only narrows once `model_type` is given; our templates have no filters,
  // so every template of that model can print any of its items.
  if (q.model_type !== undefined) list = list.filter((t) => t.model === q.model_type);
  // Every template here is enabled: enabled=false leaves none.
  const enabled = parseBoolQuery(q.enabled);
  if (enabled === false) list = [];
  const builtin = parseBoolQuery(q.builtin);
  if (builtin !== undefined) list = list.filter((t) => (t.builtin !== null) === builtin);
  if (q.search) list = list.filter((t) => matchesSearch(q.search, [t.name, t.description, t.key]));
  // DRF's OrderingFilter over the one orderable field (core/query.ts parseOrdering); unknown fields are ignored.
  const [byName] = parseOrdering(q.ordering, ["name"] as const);
  if (byName) list = [...list].sort((a, b) => (byName.desc ? b.name.localeCompare(a.name) : a.name.localeCompare(b.name)));
  return list;
}

function page<T>(q: TemplateListQueryIn, list: Template[], out: (t: Template) => T) {
  const offset = q.offset ?? 0;
  const rows = q.limit === undefined ? list : list.slice(offset, offset + q.limit);
  return { total: list.length, rows: rows.map(out) };
}

/** GET /api/report/ and /api/label/: Binventory's list, pk = key. */
export const listTemplateOut = (ctx: AppContext, kind: "report" | "label", q: TemplateListQueryIn) => page(q, filterTemplates(ctx, kind, q), toTemplateOut);

/** GET /api/report/template/ and /api/label/template/: InvenTree's list, integer pks. */
export const listInvenTreeTemplates = (ctx: AppContext, kind: "report" | "label", q: TemplateListQueryIn) =>
  page(q, filterTemplates(ctx, kind, q), toInvenTreeTemplateOut);

/** The file name of a template's description: its key, with what a file name cannot hold replaced. */
const templateFileName = (t: Template) => `${t.key.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;

/** `template`: where the library's downloadTemplate() fetches the file (the last segment is the file name it saves). */
const templateFileUrl = (t: Template) => `/api/${t.kind}/template/${t.id}/file/${templateFileName(t)}`;

/** GET /api/<kind>/template/<pk>/file/<name>: the JSON description `template` points at; 404 for another name. */
export function getTemplateFile(ctx: AppContext, kind: "report" | "label", pk: number, name: string): TemplateFileOut {
  const t = findTemplateById(ctx, kind, pk);
  if (!t || name !== templateFileName(t)) throw notFound();
  return {
    key: t.key,
    name: t.name,
    description: t.description,
    kind: t.kind,
    model_type: t.model,
    formats: [...t.formats],
    builtin: t.builtin !== null,
    plugin: t.plugin?.slug ?? null,
    note:
      t.builtin !== null
        ? "A built-in Binventory template: its layout is code in the server, not an editable file. Print it with POST /api/" + `${t.kind}/print/.`
        : `Supplied by the plugin '${t.plugin?.slug ?? ""}' (WebAssembly): its layout lives in the plugin, not in an editable file.`,
  };
}

/** GET /api/report/template/<pk>/ and /api/label/template/<pk>/. */
export function getInvenTreeTemplate(ctx: AppContext, kind: "report" | "label", pk: number): InvenTreeTemplateOut {
  const t = findTemplateById(ctx, kind, pk);
  if (!t) throw notFound();
  return toInvenTreeTemplateOut(t);
}
