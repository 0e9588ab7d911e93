/**
 * Plugins built into the server (not WASM), listed beside the WASM ones as InvenTree lists its
 * builtin plugins. Each is one entry here; add a new built-in by appending to BUILTIN_PLUGINS.
 */
import type { Static } from "elysia";
import type { Reads, Writes } from "../../db/database.ts";
import { notFound } from "../../core/errors.ts";
import { builtinSettingOut, listBuiltinSettings, updateBuiltinSetting } from "../barcode/service.ts";
import type { PluginSchema, SettingSchema } from "./model.ts";
import { assertLabelPluginChange, builtinLabelPluginOut, LABEL_PLUGIN_SLUG } from "../report/service.ts";
import { assertBuiltinChange, builtinBarcodePluginOut } from "./service.ts";

type PluginOut = Static<typeof PluginSchema>;
type SettingOut = Static<typeof SettingSchema>;

export interface BuiltinPlugin {
  slug: string;
  /** The registry entry (`is_builtin: true`, always active). */
  out(): PluginOut;
  /** Refuses a change it cannot take (built-ins stay active). */
  assertChange(body: { active?: boolean; priority?: number | null }): void;
  /** Its settings, if it has any. */
  settings?: {
    list(db: Reads): Promise<SettingOut[]>;
    get(db: Reads, key: string): Promise<SettingOut>;
    update(db: Writes, key: string, value: unknown): Promise<SettingOut>;
  };
}

export const BUILTIN_PLUGINS: BuiltinPlugin[] = [
  {
    slug: builtinBarcodePluginOut().key,
    out: builtinBarcodePluginOut,
    assertChange: assertBuiltinChange,
    settings: { list: listBuiltinSettings, get: builtinSettingOut, update: updateBuiltinSetting },
  },
  { slug: LABEL_PLUGIN_SLUG, out: builtinLabelPluginOut, assertChange: assertLabelPluginChange },
];

export const findBuiltin = (key: string): BuiltinPlugin | undefined => BUILTIN_PLUGINS.find((p) => p.slug === key);

/** A built-in's settings; one without any has none to show. */
export function builtinSettings(plugin: BuiltinPlugin) {
  return (
    plugin.settings ?? {
      list: async (): Promise<SettingOut[]> => [],
      get: async (_db: Reads, key: string): Promise<SettingOut> => {
        throw notFound(`Plugin ${plugin.slug} has no setting "${key}".`);
      },
      update: async (_db: Writes, key: string): Promise<SettingOut> => {
        throw notFound(`Plugin ${plugin.slug} has no setting "${key}".`);
      },
    }
  );
}
