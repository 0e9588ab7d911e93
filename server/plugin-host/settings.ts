import type { PluginManifest } from "../../plugin-sdk/schema/index.ts";
import type { PluginStore } from "./plugin-store.ts";

/** A plugin setting's value: the stored one (null included), else the manifest's default, else null. */
export function settingValue(store: PluginStore, slug: string, manifest: PluginManifest | null | undefined, key: string): unknown {
  const stored = store.readSetting(slug, key);
  if (stored) return stored.value;
  return manifest?.settings?.[key]?.default ?? null;
}
