import { t } from "elysia";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";

export const PluginKeyParams = t.Object({ key: t.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,62}$" }) });
export const SettingParams = t.Object({ key: t.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,62}$" }), setting: t.String({ maxLength: 100 }) });

const Stats = t.Object({
  calls: t.Integer(),
  ran: t.Object({ inline: t.Integer(), worker: t.Integer() }, { description: "Where calls ran: inline on the request thread, or worker = isolated (a plugin process, or a worker thread with BINVENTORY_PLUGIN_ISOLATION=worker)." }),
  errors: t.Integer(),
  failures: t.Record(t.String(), t.Integer()),
  limits: t.Record(t.String(), t.Integer(), { description: "How often each sandbox limit was hit (plugin-sdk/ABI.md §5)." }),
  mean_micros: t.Union([t.Integer(), t.Null()]),
  usage: t.Object(
    {
      mean_fuel: t.Union([t.Integer(), t.Null()]),
      max_fuel: t.Integer(),
      max_memory_bytes: t.Integer({ description: "Largest linear memory a call ended with (memory only grows: its peak)." }),
      max_host_memory_bytes: t.Integer({ description: "Most host-block bytes (alloc, host answers, config_get, var_get) one call held." }),
      last: t.Union([t.Object({ fuel: t.Integer(), memory_bytes: t.Integer(), host_memory_bytes: t.Integer(), host_calls: t.Integer() }), t.Null()]),
    },
    { description: "Fuel used and peak memory per call, to set `limits` from measurements (calls that ran; a call refused before running has none)." },
  ),
  last_error: t.Union([t.Object({ failure: t.String(), detail: t.String(), at: t.String() }), t.Null()]),
});

/** InvenTree's PluginConfig fields, plus what a WASM host adds: kinds, limits, errors, stats. */
export const PluginSchema = t.Object({
  pk: t.String(),
  key: t.String(),
  name: t.String(),
  package_name: t.Null(),
  active: t.Boolean(),
  meta: t.Object({
    slug: t.String(),
    human_name: t.String(),
    description: t.Union([t.String(), t.Null()]),
    author: t.Union([t.String(), t.Null()]),
    version: t.Union([t.String(), t.Null()]),
    website: t.Union([t.String(), t.Null()]),
    license: t.Union([t.String(), t.Null()]),
    package_path: t.String(),
    settings_url: t.String(),
  }),
  mixins: t.Record(t.String(), t.Object({ key: t.String(), human_name: t.String() })),
  is_builtin: t.Boolean(),
  is_sample: t.Boolean(),
  is_installed: t.Boolean(),
  is_package: t.Boolean(),
  abi: t.Union([t.Integer(), t.Null()]),
  kinds: t.Unknown(),
  priority: t.Integer(),
  permissions: t.Array(t.String()),
  limits: t.Union([t.Object({ fuel: t.Integer(), memory_pages: t.Integer(), max_output_bytes: t.Integer(), host_memory_bytes: t.Integer() }), t.Null()]),
  loaded: t.Boolean(),
  error: t.Union([t.String(), t.Null()]),
  suspended: t.Boolean(),
  suspended_until: t.Union([t.String(), t.Null()]),
  suspension_reason: t.Union([t.String(), t.Null()]),
  stats: Stats,
});

export const PluginPatchBody = t.Object({
  priority: t.Optional(t.Union([t.Integer({ minimum: -1000000, maximum: 1000000 }), t.Null()], { description: "Overrides the manifest's priority; null restores it." })),
  active: t.Optional(t.Boolean()),
});

export const ActivateBody = t.Object({ active: t.Optional(t.Boolean({ default: true })) });

export const SettingSchema = t.Object({
  key: t.String(),
  value: t.Union([t.String(), t.Integer(), t.Boolean(), t.Null()]),
  name: t.String(),
  description: t.String(),
  type: t.String(),
  choices: t.Union([t.Array(t.String()), t.Null()]),
  required: t.Boolean(),
  protected: t.Boolean(),
  plugin: t.String(),
});

export const SettingPatchBody = t.Object({ value: t.Union([t.String({ maxLength: 10000 }), t.Number(), t.Boolean(), t.Null()]) });

export const StatusSchema = t.Object({
  active_plugins: t.Integer(),
  loaded_plugins: t.Integer(),
  suspended_plugins: t.Array(t.String()),
  registry_errors: t.Record(t.String(), t.String()),
});

/** InvenTree's PluginFilter (plugin/api.py) plus pagination and search. */
export const PluginListQuery = t.Object({
  ...ListQuery,
  mixin: t.Optional(t.String({ maxLength: 200, description: "Comma-separated mixins a plugin must all have (barcode, action, report, labels, settings…)" })),
  active: t.Optional(BoolQuery),
  builtin: t.Optional(BoolQuery),
  sample: t.Optional(BoolQuery),
  installed: t.Optional(BoolQuery),
});
