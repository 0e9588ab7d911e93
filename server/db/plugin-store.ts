/**
 * Where plugins' persisted state lives: activation and priority overrides (`plugin_config`) and
 * setting values (`plugin_setting`, JSON text). The one reader and writer of both tables: the
 * plugin host reaches it through its PluginStore interface, the host API and the built-in
 * barcode plugin call it directly.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "./client.ts";
import { preparedPerDb } from "./prepared.ts";
import { pluginConfigs, pluginSettings } from "./schema/settings.ts";

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

/** The one plugin-setting reader: the stored value, or undefined when it was never stored. */
export function readPluginSetting(db: DbOrTx, plugin: string, key: string): StoredSetting {
  const row = settingByKey(db).get({ plugin, key });
  return row ? { value: JSON.parse(row.value) as unknown } : undefined;
}

/** Stores a setting's value (as JSON), replacing any stored one. */
export function writePluginSetting(db: DbOrTx, plugin: string, key: string, value: unknown): void {
  const text = JSON.stringify(value);
  db.insert(pluginSettings)
    .values({ plugin, key, value: text })
    .onConflictDoUpdate({ target: [pluginSettings.plugin, pluginSettings.key], set: { value: text } })
    .run();
}

/** Every stored activation / priority override. */
function readPluginConfigs(db: DbOrTx): StoredPluginConfig[] {
  return db
    .select()
    .from(pluginConfigs)
    .all()
    .map((c) => ({ slug: c.key, active: c.active, priority: c.priority }));
}

/** Stores whether a plugin is active, keeping its priority override. */
function writePluginActive(db: DbOrTx, slug: string, active: boolean): void {
  db.insert(pluginConfigs).values({ key: slug, active }).onConflictDoUpdate({ target: pluginConfigs.key, set: { active } }).run();
}

/** Stores a plugin's priority override (null: back to the manifest's); `active` is used for a new row. */
function writePluginPriority(db: DbOrTx, slug: string, priority: number | null, active: boolean): void {
  db.insert(pluginConfigs).values({ key: slug, active, priority }).onConflictDoUpdate({ target: pluginConfigs.key, set: { priority } }).run();
}

/** The plugin host's PluginStore over this database (plugin-host/plugin-store.ts names the shape). */
export function createPluginStore(db: Db) {
  return {
    configs: () => readPluginConfigs(db),
    saveActive: (slug: string, active: boolean) => writePluginActive(db, slug, active),
    savePriority: (slug: string, priority: number | null, active: boolean) => writePluginPriority(db, slug, priority, active),
    readSetting: (slug: string, key: string) => readPluginSetting(db, slug, key),
    writeSetting: (slug: string, key: string, value: unknown) => writePluginSetting(db, slug, key, value),
  };
}
