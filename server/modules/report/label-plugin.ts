/**
 * The built-in label printing plugin, as InvenTree's InvenTreeLabelPlugin ("inventreelabel"):
 * renders the label templates to one PDF (or html / md / tex) and offers it for download. It is
 * the default of POST /api/label/print/ and the entry GET /api/plugins/?mixin=labels lists, which
 * is what the app's print form offers as "Printing Plugin".
 */
import type { Static } from "elysia";
import { badRequest, fieldError } from "../../core/errors.ts";
import type { PluginSchema } from "../plugin/model.ts";

export const LABEL_PLUGIN_SLUG = "inventreelabel";
const LABEL_PLUGIN_NAME = "InvenTreeLabel";
const LABEL_PLUGIN_TITLE = "InvenTree PDF label printer";
const LABEL_PLUGIN_VERSION = "1.1.0";

/** The plugin's entry in GET /api/plugins/ (InvenTree's PluginConfig shape with Binventory's host fields). */
export function builtinLabelPluginOut(): Static<typeof PluginSchema> {
  return {
    pk: LABEL_PLUGIN_SLUG,
    key: LABEL_PLUGIN_SLUG,
    name: LABEL_PLUGIN_NAME,
    package_name: null,
    active: true,
    meta: {
      slug: LABEL_PLUGIN_SLUG,
      human_name: LABEL_PLUGIN_TITLE,
      description: "Provides native support for printing PDF labels",
      author: "InvenTree contributors",
      version: LABEL_PLUGIN_VERSION,
      website: null,
      license: "MIT",
      package_path: "server/modules/report",
      settings_url: `/api/plugins/${LABEL_PLUGIN_SLUG}/settings/`,
    },
    mixins: { labels: { key: "labels", human_name: "Label printing" } },
    is_builtin: true,
    is_sample: false,
    is_installed: true,
    is_package: false,
    abi: null,
    kinds: { labels: {} },
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

const isLabelPlugin = (key: string): boolean => key === LABEL_PLUGIN_SLUG;

/** The built-in printer stays active and has no place in the barcode order: such a change is refused. */
export function assertLabelPluginChange(body: { active?: boolean; priority?: number | null }): void {
  if (body.active === false) throw badRequest("builtin plugins cannot be deactivated");
  if (body.priority !== undefined) throw fieldError("priority", "The built-in label plugin is not ordered: only barcode plugins have a priority.");
}

/**
 * The label printer a print names: the built-in one when `key` is empty (InvenTree's default);
 * any other plugin is a 400 naming `plugin`, worded as InvenTree's LabelPrint view words it.
 * `known(key)` tells whether such a plugin exists (it then cannot print labels).
 */
export function resolveLabelPlugin(key: string | null | undefined, known: (key: string) => boolean): string {
  if (!key || isLabelPlugin(key)) return LABEL_PLUGIN_SLUG;
  throw fieldError("plugin", known(key) ? "Plugin does not support label printing" : "Plugin not found");
}
