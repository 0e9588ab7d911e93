/** InvenTree's plugin list filters (plugin/api.py PluginFilter) over built-in and WASM plugins. */
import type { Static } from "elysia";
import { parseBoolQuery } from "../../core/query.ts";
import { textContains } from "../../db/query.ts";
import { matchesSearch } from "../../db/query.ts";
import type { PluginListQuery, PluginSchema } from "./model.ts";

type PluginOut = Static<typeof PluginSchema>;

/**
 * `?mixin=a,b` keeps plugins that have every listed mixin; `active`, `builtin`, `sample`,
 * `installed` match those flags; `search` looks in key, name and description.
 */
export function filterPlugins(all: PluginOut[], q: Static<typeof PluginListQuery>) {
  const mixins = (q.mixin ?? "")
    .split(",")
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  const active = parseBoolQuery(q.active);
  const builtin = parseBoolQuery(q.builtin);
  const sample = parseBoolQuery(q.sample);
  const installed = parseBoolQuery(q.installed);
  const rows = all.filter(
    (p) =>
      mixins.every((m) => m in p.mixins) &&
      (active === undefined || p.active === active) &&
      (builtin === undefined || p.is_builtin === builtin) &&
      (sample === undefined || p.is_sample === sample) &&
      (installed === undefined || p.is_installed === installed) &&
      matchesSearch(q.search, [p.key, p.name, p.meta.description ?? ""]),
  );
  const offset = q.limit === undefined ? 0 : (q.offset ?? 0);
  const page = q.limit === undefined ? rows : rows.slice(offset, offset + q.limit);
  return { total: rows.length, rows: page };
}
