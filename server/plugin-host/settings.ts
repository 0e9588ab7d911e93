import type { PluginManifest } from "../../plugin-sdk/schema/index.ts";

/** A plugin setting's value: the stored one (null included), else the manifest's default, else null. */
export function settingValue(stored: Record<string, unknown>, manifest: PluginManifest | null | undefined, key: string): unknown {
  if (Object.hasOwn(stored, key)) return stored[key];
  return manifest?.settings?.[key]?.default ?? null;
}

/**
 * The stored settings a call of this plugin carries (CallMeta.settings): those of its declared
 * keys that were stored. Undefined when its manifest declares none (then nothing is read).
 */
export async function callSettings(read: (slug: string) => Promise<Record<string, unknown>>, slug: string, manifest: PluginManifest | null | undefined): Promise<Record<string, unknown> | undefined> {
  const declared = manifest?.settings;
  if (!declared || Object.keys(declared).length === 0) return undefined;
  const stored = await read(slug);
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(declared)) if (Object.hasOwn(stored, key)) settings[key] = stored[key];
  return settings;
}
