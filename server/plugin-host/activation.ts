import { DEFAULT_PRIORITY, type PluginCatalog } from "./catalog.ts";
import type { PluginStore } from "./plugin-store.ts";

/**
 * Activation and priority overrides: persisted through the store, applied to the catalog's
 * records (which it re-sorts into call order).
 */
export class PluginActivation {
  constructor(
    private readonly store: PluginStore,
    private readonly catalog: PluginCatalog,
  ) {}

  /** Applies the stored overrides: no row means active, with the manifest's barcode priority or 100. */
  async apply(): Promise<void> {
    this.applyConfigs(await this.store.configs());
  }

  /** The stored overrides, read before a catalog swap so that the swap and `applyConfigs` happen in one turn. */
  configs(): ReturnType<PluginStore["configs"]> {
    return this.store.configs();
  }

  /** Applies overrides read by `configs` (synchronously: no request sees the catalog without them). */
  applyConfigs(configs: Awaited<ReturnType<PluginStore["configs"]>>): void {
    const stored = new Map(configs.map((c) => [c.slug, c]));
    for (const r of this.catalog.list()) {
      const c = stored.get(r.slug);
      r.active = c?.active ?? true;
      r.priority = c?.priority ?? r.manifest?.kinds.barcode?.priority ?? DEFAULT_PRIORITY;
    }
    this.catalog.reorder();
  }

  /** Activating a plugin also lifts its suspension. */
  async setActive(slug: string, active: boolean): Promise<void> {
    await this.store.saveActive(slug, active);
    const r = this.catalog.find(slug);
    if (r && active) r.suspension.reset();
    await this.apply();
  }

  async setPriority(slug: string, priority: number | null): Promise<void> {
    await this.store.savePriority(slug, priority, this.catalog.find(slug)?.active ?? true);
    await this.apply();
  }
}
