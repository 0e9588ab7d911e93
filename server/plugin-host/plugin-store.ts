/**
 * What the plugin host persists, without knowing where: the server passes an implementation over
 * its database (db/plugin-store.ts `createPluginStore`); tests may pass one over a Map.
 * Reads and writes are async (the database's), except `readSetting`, which a plugin's
 * `bv_setting_get` host call needs synchronously (docs/data-layer.md, "Plugin host calls").
 */
export interface PluginStore {
  /** Every stored activation / priority override. */
  configs(): Promise<{ slug: string; active: boolean; priority: number | null }[]>;
  saveActive(slug: string, active: boolean): Promise<void>;
  /** `active` is stored only when the plugin has no row yet. */
  savePriority(slug: string, priority: number | null, active: boolean): Promise<void>;
  /** A stored setting (its value may be null), or undefined when never stored. */
  readSetting(slug: string, key: string): { value: unknown } | undefined;
  writeSetting(slug: string, key: string, value: unknown): Promise<void>;
}
