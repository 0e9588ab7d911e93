/**
 * Where plugins' persisted state lives: activation and priority overrides (`plugin_config`) and
 * setting values (`plugin_setting`, JSON text). The one reader and writer of both tables: the
 * plugin host reaches it through its PluginStore interface, the host API and the built-in
 * barcode plugin call it directly.
 */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.ts";
import type { Database, Reads, Writes } from "./database.ts";
import { preparedPerDb } from "./prepared.ts";
import { pluginConfigs, pluginSettings } from "./schema/settings.ts";
import { isLegacy, legacy } from "./transition.ts";

/** A plugin's stored activation and priority override (no row: active, manifest priority). */
interface StoredPluginConfig {
  slug: string;
  active: boolean;
  priority: number | null;
}

/** A stored setting: present (its value may be null), or undefined when never stored. */
type StoredSetting = { value: unknown } | undefined;

const settingByKey = preparedPerDb((db) =>
  db
    .select({ value: pluginSettings.value })
    .from(pluginSettings)
    .where(and(eq(pluginSettings.plugin, sql.placeholder("plugin")), eq(pluginSettings.key, sql.placeholder("key"))))
    .prepare(),
);

/**
 * The one plugin-setting reader: the stored value, or undefined when it was never stored.
 * Synchronous: the `bv_setting_get` host call reads it from inside a plugin (docs/data-layer.md,
 * "Plugin host calls"); async code passes `legacy(db)`.
 */
export function readPluginSetting(db: DbOrTx, plugin: string, key: string): StoredSetting {
  // A legacy handle is a new proxy per call: its statement is kept on the builder underneath.
  const row = settingByKey(isLegacy(db) ? (db.q as unknown as DbOrTx) : db).get({ plugin, key });
  return row ? { value: JSON.parse(row.value) as unknown } : undefined;
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
  await db.write((tx) => tx.q.insert(pluginConfigs).values({ key: slug, active }).onConflictDoUpdate({ target: pluginConfigs.key, set: { active } }));
}

/** Stores a plugin's priority override (null: back to the manifest's); `active` is used for a new row. */
async function writePluginPriority(db: Writes, slug: string, priority: number | null, active: boolean): Promise<void> {
  await db.write((tx) => tx.q.insert(pluginConfigs).values({ key: slug, active, priority }).onConflictDoUpdate({ target: pluginConfigs.key, set: { priority } }));
}

/** The plugin host's PluginStore over this database (plugin-host/plugin-store.ts names the shape). */
export function createPluginStore(database: Database) {
  // TRANSITION: the synchronous setting read runs on the reader connection (one handle, so its
  // prepared statement is reused).
  const reads = legacy(database);
  return {
    configs: () => readPluginConfigs(database),
    saveActive: (slug: string, active: boolean) => writePluginActive(database, slug, active),
    savePriority: (slug: string, priority: number | null, active: boolean) => writePluginPriority(database, slug, priority, active),
    readSetting: (slug: string, key: string) => readPluginSetting(reads, slug, key),
    writeSetting: (slug: string, key: string, value: unknown) => writePluginSetting(database, slug, key, value),
  };
}
