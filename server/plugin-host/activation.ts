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
  apply(): void {
    const stored = new Map(this.store.configs().map((c) => [c.slug, c]));
    for (const r of this.catalog.list()) {
      const c = stored.get(r.slug);
      r.active = c?.active ?? true;
      r.priority = c?.priority ?? r.manifest?.kinds.barcode?.priority ?? DEFAULT_PRIORITY;
    }
    this.catalog.reorder();
  }

  /** Activating a plugin also lifts its suspension. */
  setActive(slug: string, active: boolean): void {
    this.store.saveActive(slug, active);
    const r = this.catalog.find(slug);
    if (r && active) r.suspension.reset();
    this.apply();
  }

  setPriority(slug: string, priority: number | null): void {
    this.store.savePriority(slug, priority, this.catalog.find(slug)?.active ?? true);
    this.apply();
  }
}
