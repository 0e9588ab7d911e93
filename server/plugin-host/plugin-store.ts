/**
 * What the plugin host persists, without knowing where: the server passes an implementation over
 * its database (db/plugin-store.ts `createPluginStore`); tests may pass one over a Map.
 * Every read and write is async (the database's): a plugin's settings travel with each call
 * (CallMeta.settings), so nothing reads them from inside a running plugin.
 */
export interface PluginStore {
  /** Every stored activation / priority override. */
  configs(): Promise<{ slug: string; active: boolean; priority: number | null }[]>;
  saveActive(slug: string, active: boolean): Promise<void>;
  /** `active` is stored only when the plugin has no row yet. */
  savePriority(slug: string, priority: number | null, active: boolean): Promise<void>;
  /** A plugin's stored settings, key → value (null included); a key never stored is absent. One query. */
  readSettings(slug: string): Promise<Record<string, unknown>>;
  writeSetting(slug: string, key: string, value: unknown): Promise<void>;
}
