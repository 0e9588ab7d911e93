import type { PluginManifest } from "../../plugin-sdk/schema/index.ts";
import { type DiscoveredPlugin, discoverPlugin, discoverPlugins } from "./discovery.ts";
import { type PluginPayload, preparePlugin } from "./prepare.ts";
import { emptyStats, type PluginStats } from "./stats.ts";
import { Suspension, type SuspensionPolicy } from "./suspension.ts";

/** What the host knows of one plugin folder, loaded or not. */
export interface PluginRecord {
  slug: string;
  dir: string;
  manifest: PluginManifest | null;
  /** Why it could not be loaded (bad manifest, missing export, failing instantiation…). */
  loadError: string | null;
  active: boolean;
  /** Effective priority: the admin's override, else the manifest's barcode priority, else 100. */
  priority: number;
  stats: PluginStats;
  suspension: Suspension;
  payload: PluginPayload | null;
  /** Compiled barcode prefilter; null when the plugin takes every barcode. */
  barcodePatterns: RegExp[] | null;
}

export const DEFAULT_PRIORITY = 100;

/**
 * Scans `pluginsDir` and prepares each plugin's module; a bad one is recorded with its reason,
 * never thrown. A plugin seen before keeps its statistics and its suspension: reloading must not
 * launder a suspension.
 */
export function readPluginRecords(pluginsDir: string, previous: readonly PluginRecord[], policy?: SuspensionPolicy): PluginRecord[] {
  const before = new Map(previous.map((r) => [r.slug, r]));
  return discoverPlugins(pluginsDir).map((d) => toRecord(d, before.get(d.slug), policy));
}

/** Reads one plugin folder again (`reload` of one plugin); null when `<pluginsDir>/<slug>` is no plugin folder. */
export function readPluginRecord(pluginsDir: string, slug: string, previous: PluginRecord | undefined, policy?: SuspensionPolicy): PluginRecord | null {
  const d = discoverPlugin(pluginsDir, slug);
  return d ? toRecord(d, previous, policy) : null;
}

function toRecord(d: DiscoveredPlugin, old: PluginRecord | undefined, policy?: SuspensionPolicy): PluginRecord {
  const rec: PluginRecord = {
    slug: d.slug,
    dir: d.dir,
    manifest: d.manifest ?? null,
    loadError: d.ok ? null : d.error,
    active: true,
    priority: DEFAULT_PRIORITY,
    stats: old?.stats ?? emptyStats(),
    suspension: old?.suspension ?? new Suspension(policy),
    payload: null,
    barcodePatterns: d.manifest?.kinds.barcode?.patterns?.map((p) => new RegExp(p, "u")) ?? null,
  };
  if (d.ok) {
    try {
      rec.payload = preparePlugin(d.slug, d.manifest, d.wasm);
    } catch (e) {
      rec.loadError = (e as Error).message;
    }
  }
  return rec;
}

/** The plugin records in call order (priority, then slug), looked up by slug. */
export class PluginCatalog {
  private records: PluginRecord[] = [];
  /** The same records by slug: every call looks its plugin up. */
  private bySlug = new Map<string, PluginRecord>();

  replace(records: PluginRecord[]): void {
    this.records = records;
    this.bySlug = new Map(records.map((r) => [r.slug, r]));
  }

  /** Re-sorts after priorities changed: priority, then slug, so the order is deterministic. */
  reorder(): void {
    this.records.sort((a, b) => a.priority - b.priority || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }

  /** Every plugin folder found, in call order. */
  list(): readonly PluginRecord[] {
    return this.records;
  }

  find(slug: string): PluginRecord | undefined {
    return this.bySlug.get(slug);
  }

  /** Loaded, active and not suspended: the plugins that may be called now, in order. */
  callable(kind?: keyof PluginManifest["kinds"]): PluginRecord[] {
    return this.records.filter((r) => r.payload && r.active && !r.suspension.suspended && (!kind || r.manifest?.kinds[kind]));
  }
}
