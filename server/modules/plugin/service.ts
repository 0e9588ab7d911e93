import type { Static } from "elysia";
import { badRequest, fieldError, notFound } from "../../core/errors.ts";
import { BUILTIN_NAME, BUILTIN_SLUG, BUILTIN_TITLE, BUILTIN_VERSION } from "../barcode/service.ts";
import { type PluginView, type Plugins, settingValueFits } from "../../core/plugins.ts";
import type { PluginSchema, SettingSchema } from "./model.ts";

const KIND_NAMES = { barcode: "Barcode", action: "Action", report: "Report" } as const;

/**
 * InvenTree's `mixins` of a WASM plugin: each kind is the mixin of the same name (barcode, action,
 * report), and declared settings make it a SettingsMixin plugin too.
 */
function mixinsOf(m: PluginView["manifest"]): Static<typeof PluginSchema>["mixins"] {
  const mixins: Static<typeof PluginSchema>["mixins"] = {};
  for (const k of Object.keys(m?.kinds ?? {})) mixins[k] = { key: k, human_name: KIND_NAMES[k as keyof typeof KIND_NAMES] ?? k };
  if (Object.keys(m?.settings ?? {}).length > 0) mixins.settings = { key: "settings", human_name: "Settings" };
  return mixins;
}

/** A registry record as the API shows it (InvenTree's PluginConfig shape plus host details). */
export function toPluginOut(r: PluginView): Static<typeof PluginSchema> {
  const m = r.manifest;
  const s = r.suspension;
  return {
    pk: r.slug,
    key: r.slug,
    name: m?.name ?? r.slug,
    package_name: null,
    active: r.active,
    meta: {
      slug: r.slug,
      human_name: m?.name ?? r.slug,
      description: m?.description ?? null,
      author: m?.author ?? null,
      version: m?.version ?? null,
      website: m?.website ?? null,
      license: m?.license ?? null,
      package_path: r.dir,
      settings_url: `/api/plugins/${r.slug}/settings/`,
    },
    mixins: mixinsOf(m),
    is_builtin: false,
    is_sample: false,
    is_installed: true,
    is_package: false,
    abi: m?.abi ?? null,
    kinds: m?.kinds ?? {},
    priority: r.priority,
    permissions: m?.permissions ?? [],
    limits: r.payload
      ? { fuel: r.payload.limits.fuel, memory_pages: r.payload.limits.memoryPages, max_output_bytes: r.payload.limits.maxOutputBytes, host_memory_bytes: r.payload.limits.hostMemoryBytes }
      : null,
    loaded: r.payload !== null,
    error: r.loadError,
    suspended: s.suspended,
    suspended_until: s.suspended ? new Date(s.suspendedUntil ?? 0).toISOString() : null,
    suspension_reason: s.suspended ? s.reason : null,
    stats: {
      calls: r.stats.calls,
      ran: r.stats.ran,
      errors: r.stats.errors,
      failures: r.stats.failures as Record<string, number>,
      limits: r.stats.limits as Record<string, number>,
      mean_micros: r.stats.calls ? Math.round(r.stats.total_micros / r.stats.calls) : null,
      usage: {
        mean_fuel: r.stats.usage.measured ? Math.round(r.stats.usage.total_fuel / r.stats.usage.measured) : null,
        max_fuel: r.stats.usage.max_fuel,
        max_memory_bytes: r.stats.usage.max_memory_bytes,
        max_host_memory_bytes: r.stats.usage.max_host_memory_bytes,
        last: r.stats.usage.last,
      },
      last_error: r.stats.last_error,
    },
  };
}

export function getPlugin(registry: Plugins, key: string): PluginView {
  const r = registry.find(key);
  if (!r) throw notFound(`No plugin matching key "${key}".`);
  return r;
}

type SettingOut = Static<typeof SettingSchema>;

function settingOut(r: PluginView, key: string, values: Record<string, unknown>): SettingOut {
  const def = r.manifest?.settings?.[key];
  if (!def) throw notFound(`Plugin ${r.slug} has no setting "${key}".`);
  const value = (values[key] ?? null) as SettingOut["value"];
  return {
    key,
    value: def.protected && value !== null && value !== "" ? "***" : value,
    name: def.name ?? key,
    description: def.description ?? "",
    type: def.type,
    choices: def.choices ?? null,
    required: def.required ?? false,
    protected: def.protected ?? false,
    plugin: r.slug,
  };
}

export async function listSettings(registry: Plugins, key: string): Promise<SettingOut[]> {
  const r = getPlugin(registry, key);
  const values = await registry.getSettings(r.slug);
  return Object.keys(r.manifest?.settings ?? {}).map((k) => settingOut(r, k, values));
}

export async function getSetting(registry: Plugins, key: string, setting: string): Promise<SettingOut> {
  const r = getPlugin(registry, key);
  return settingOut(r, setting, await registry.getSettings(r.slug));
}

/** Validates against the setting's declared type; strings from forms ("12", "true") are coerced. */
export async function updateSetting(registry: Plugins, key: string, setting: string, value: unknown): Promise<SettingOut> {
  const r = getPlugin(registry, key);
  const def = r.manifest?.settings?.[setting];
  if (!def) throw notFound(`Plugin ${r.slug} has no setting "${setting}".`);
  let v = value;
  if (typeof v === "string" && def.type === "integer" && /^-?\d+$/.test(v.trim())) v = Number(v.trim());
  if (typeof v === "string" && def.type === "boolean" && /^(true|false|1|0)$/i.test(v.trim())) v = /^(true|1)$/i.test(v.trim());
  if (v === null || v === "") {
    if (def.required) throw fieldError("value", "This setting is required.");
  } else if (!settingValueFits(def, v)) {
    const expected = def.type === "choice" ? `one of ${def.choices?.join(", ")}` : def.type === "integer" && (def.minimum !== undefined || def.maximum !== undefined) ? `an integer in [${def.minimum ?? "-∞"}, ${def.maximum ?? "∞"}]` : `a ${def.type}`;
    throw fieldError("value", `Expected ${expected}.`);
  }
  await registry.setSetting(r.slug, setting, v === "" ? null : v);
  return settingOut(r, setting, await registry.getSettings(r.slug));
}

/**
 * The built-in InvenTreeBarcode plugin as the registry API shows it: always active, not a WASM
 * module (no ABI, limits or stats of its own), runs before every WASM barcode plugin.
 */
export function builtinBarcodePluginOut(): Static<typeof PluginSchema> {
  return {
    pk: BUILTIN_SLUG,
    key: BUILTIN_SLUG,
    name: BUILTIN_NAME,
    package_name: null,
    active: true,
    meta: {
      slug: BUILTIN_SLUG,
      human_name: BUILTIN_TITLE,
      description: "Provides native support for barcodes",
      author: "InvenTree contributors",
      version: BUILTIN_VERSION,
      website: null,
      license: "MIT",
      package_path: "server/modules/barcode",
      settings_url: `/api/plugins/${BUILTIN_SLUG}/settings/`,
    },
    mixins: { settings: { key: "settings", human_name: "Settings" }, barcode: { key: "barcode", human_name: KIND_NAMES.barcode } },
    is_builtin: true,
    is_sample: false,
    is_installed: true,
    is_package: false,
    abi: null,
    kinds: { barcode: {} },
    priority: 0,
    permissions: [],
    limits: null,
    loaded: true,
    error: null,
    suspended: false,
    suspended_until: null,
    suspension_reason: null,
    stats: { calls: 0, ran: { inline: 0, worker: 0 }, errors: 0, failures: {}, limits: {}, mean_micros: null, usage: { mean_fuel: null, max_fuel: 0, max_memory_bytes: 0, max_host_memory_bytes: 0, last: null }, last_error: null },
  };
}

/** A built-in plugin stays active: deactivating it (or reordering it) is refused. */
export function assertBuiltinChange(body: { active?: boolean; priority?: number | null }): void {
  if (body.active === false) throw badRequest("builtin plugins cannot be deactivated");
  if (body.priority !== undefined) throw fieldError("priority", "The built-in barcode plugin always runs first.");
}
