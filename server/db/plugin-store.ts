/**
 * Where plugins' persisted state lives: activation and priority overrides (`plugin_config`) and
 * setting values (`plugin_setting`, JSON text). The one reader and writer of both tables: the
 * plugin host reaches it through its PluginStore interface, the built-in barcode plugin calls it
 * directly.
 */
import { eq, sql } from "drizzle-orm";
import type { Database, ReadQueries, Reads, Writes } from "./database.ts";
import { preparedPerDb } from "./prepared.ts";
import { recordChange } from "./changes.ts";
import { pluginConfigs, pluginSettings } from "./tables.ts";

/** A plugin's stored activation and priority override (no row: active, manifest priority). */
interface StoredPluginConfig {
  slug: string;
  active: boolean;
  priority: number | null;
}

/** Prepared once per database: it runs before every call of a plugin with settings (drizzle's query building alone is ~30 µs). */
const settingsOf = preparedPerDb((q: ReadQueries) =>
  q.select({ key: pluginSettings.key, value: pluginSettings.value }).from(pluginSettings).where(eq(pluginSettings.plugin, sql.placeholder("plugin"))).prepare(),
);

/**
 * A plugin's stored settings, key → value (JSON-parsed; null included), in one query on the
 * (plugin, key) index; a key never stored is absent. The dispatcher reads them before each call of
 * a plugin that declares settings (they travel with the call: plugin-host/host-api.ts CallMeta).
 */
export async function readPluginSettings(db: Reads, plugin: string): Promise<Record<string, unknown>> {
  const rows = await settingsOf(db.q).all({ plugin });
  const settings: Record<string, unknown> = {};
  for (const row of rows) settings[row.key] = JSON.parse(row.value) as unknown;
  return settings;
}

/** Stores a setting's value (as JSON), replacing any stored one. */
export async function writePluginSetting(db: Writes, plugin: string, key: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  await db.write((tx) =>
    tx.q
      .insert(pluginSettings)
      .values({ plugin, key, value: text })
      .onConflictDoUpdate({ target: [pluginSettings.plugin, pluginSettings.key], set: { value: text } }),
  );
}

/** Every stored activation / priority override. */
async function readPluginConfigs(db: Reads): Promise<StoredPluginConfig[]> {
  const rows = await db.q.select().from(pluginConfigs);
  return rows.map((c) => ({ slug: c.key, active: c.active, priority: c.priority }));
}

/** Stores whether a plugin is active, keeping its priority override. */
async function writePluginActive(db: Writes, slug: string, active: boolean): Promise<void> {
  await db.write(async (tx) => {
    await tx.q.insert(pluginConfigs).values({ key: slug, active }).onConflictDoUpdate({ target: pluginConfigs.key, set: { active } });
    // Other processes on this database re-apply activation (changes.ts).
    await recordChange(tx, "plugins");
  });
}

/** Stores a plugin's priority override (null: back to the manifest's); `active` is used for a new row. */
async function writePluginPriority(db: Writes, slug: string, priority: number | null, active: boolean): Promise<void> {
  await db.write(async (tx) => {
    await tx.q.insert(pluginConfigs).values({ key: slug, active, priority }).onConflictDoUpdate({ target: pluginConfigs.key, set: { priority } });
    await recordChange(tx, "plugins");
  });
}

/** The plugin host's PluginStore over this database (plugin-host/plugin-store.ts names the shape). */
export function createPluginStore(database: Database) {
  return {
    configs: () => readPluginConfigs(database),
    saveActive: (slug: string, active: boolean) => writePluginActive(database, slug, active),
    savePriority: (slug: string, priority: number | null, active: boolean) => writePluginPriority(database, slug, priority, active),
    readSettings: (slug: string) => readPluginSettings(database, slug),
    writeSetting: (slug: string, key: string, value: unknown) => writePluginSetting(database, slug, key, value),
  };
}
