import type { ExportInput, ExportName, ExportOutput, PluginManifest } from "../../plugin-sdk/schema/index.ts";
import type { Config } from "../core/config.ts";
import type { BarcodeChainFailure } from "../core/plugins.ts";
import type { Logger } from "../core/log.ts";
import { PluginActivation } from "./activation.ts";
import { type BarcodeDecision, scanBarcodeChain } from "./barcode-chain.ts";
import { PluginCatalog, type PluginRecord, readPluginRecord, readPluginRecords } from "./catalog.ts";
import { type ChainResult, PluginDispatcher } from "./dispatch.ts";
import type { Executor } from "./executor.ts";
import type { CallerMeta } from "./host-api.ts";
import type { PluginStore } from "./plugin-store.ts";
import { settingValue } from "./settings.ts";
import type { SuspensionPolicy } from "./suspension.ts";
import { watchPluginsDir } from "./watch.ts";

export type { PluginRecord } from "./catalog.ts";

export type ExecutorFactory = () => Executor;

/**
 * The plugin host's one entry for the rest of the server: a facade over the units that each do
 * one job — catalog.ts (records in call order), activation.ts (persisted activation and priority),
 * settings.ts (setting values), dispatch.ts (calls, refusals, statistics), barcode-chain.ts.
 * `start` (and `reload`) rescans the plugins directory and swaps in a new executor.
 */
export class PluginRegistry {
  private readonly catalog = new PluginCatalog();
  private readonly activation: PluginActivation;
  private readonly dispatcher: PluginDispatcher;

  constructor(
    private readonly store: PluginStore,
    private readonly config: Pick<Config, "pluginsDir">,
    private readonly log: Logger,
    private readonly makeExecutor: ExecutorFactory,
    private readonly suspensionPolicy?: SuspensionPolicy,
  ) {
    this.activation = new PluginActivation(store, this.catalog);
    this.dispatcher = new PluginDispatcher(this.catalog, log, (slug) => store.readSettings(slug));
  }

  /** Reloads run one at a time (the API's and the watcher's): each swaps in a whole new executor. */
  private loading: Promise<unknown> = Promise.resolve();

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.loading.then(task);
    this.loading = run.catch(() => undefined);
    return run;
  }

  /** Discovers and loads every plugin; a bad one is recorded with its reason, never thrown. */
  start(): Promise<void> {
    return this.serialized(async () => {
      const started = performance.now();
      const records = readPluginRecords(this.config.pluginsDir, this.catalog.list(), this.suspensionPolicy);
      await this.install(records);
      for (const r of records) if (r.loadError) this.log.error("plugin not loaded", { plugin: r.slug, error: r.loadError });
      this.log.info("plugins loaded", { loaded: records.filter((r) => r.payload).length, failed: records.filter((r) => r.loadError).length, ms: Math.round(performance.now() - started) });
    });
  }

  /**
   * Reads one plugin's folder again and swaps in its new version; the others keep the modules
   * they were loaded with (not re-read from disk). Answers its record (with `loadError` when the
   * new version is broken: only that plugin fails), or null when `<pluginsDir>/<slug>` is no
   * plugin folder (a plugin whose folder was removed is dropped).
   */
  reloadPlugin(slug: string): Promise<PluginRecord | null> {
    return this.serialized(async () => {
      const started = performance.now();
      const fresh = readPluginRecord(this.config.pluginsDir, slug, this.catalog.find(slug), this.suspensionPolicy);
      const others = this.catalog.list().filter((r) => r.slug !== slug);
      if (!fresh && others.length === this.catalog.list().length) return null;
      await this.install(fresh ? [...others, fresh] : others);
      const fields = { plugin: slug, ms: Math.round(performance.now() - started) };
      if (!fresh) this.log.info("plugin removed: its folder is gone", fields);
      else if (fresh.loadError) this.log.error("plugin reloaded, not loaded", { ...fields, error: fresh.loadError });
      else this.log.info("plugin reloaded", fields);
      return fresh;
    });
  }

  /** Loads `records` into a new executor and makes them the catalog. */
  private async install(records: PluginRecord[]): Promise<void> {
    const executor = this.makeExecutor();
    const errors = await executor.load(records.flatMap((r) => (r.payload ? [r.payload] : [])));
    for (const r of records) {
      if (errors[r.slug]) {
        r.loadError = errors[r.slug];
        r.payload = null;
      }
    }
    const configs = await this.activation.configs();
    this.catalog.replace(records);
    this.activation.applyConfigs(configs);
    this.dispatcher.swap(executor);
  }

  private stopWatching: (() => void) | null = null;

  /** Dev mode: reloads a plugin when its plugin.json or plugin.wasm changes (watch.ts), until close. */
  watch(debounceMs?: number): void {
    this.stopWatching ??= watchPluginsDir(this.config.pluginsDir, (slug) => this.reloadPlugin(slug), this.log, debounceMs);
  }

  /** Rescans the plugins directory without a restart. */
  reload(): Promise<void> {
    return this.start();
  }

  /** Every plugin folder found, in call order. */
  list(): readonly PluginRecord[] {
    return this.catalog.list();
  }

  find(slug: string): PluginRecord | undefined {
    return this.catalog.find(slug);
  }

  /** Loaded, active and not suspended: the plugins that may be called now, in order. */
  callable(kind?: keyof PluginManifest["kinds"]): PluginRecord[] {
    return this.catalog.callable(kind);
  }

  /**
   * Re-reads the stored activation and priority overrides (another process sharing the database
   * changed them: bootstrap's change feed calls this), in turn with starts and reloads.
   */
  refreshActivation(): Promise<void> {
    return this.serialized(() => this.activation.apply());
  }

  setActive(slug: string, active: boolean): Promise<void> {
    return this.activation.setActive(slug, active);
  }

  setPriority(slug: string, priority: number | null): Promise<void> {
    return this.activation.setPriority(slug, priority);
  }

  /** Every declared setting's value: the stored one, else its default, else null (one read). */
  async getSettings(slug: string): Promise<Record<string, unknown>> {
    const manifest = this.find(slug)?.manifest;
    const stored = await this.store.readSettings(slug);
    return Object.fromEntries(Object.keys(manifest?.settings ?? {}).map((key) => [key, settingValue(stored, manifest, key)]));
  }

  setSetting(slug: string, key: string, value: unknown): Promise<void> {
    return this.store.writeSetting(slug, key, value);
  }

  /** Calls one export of one plugin; resolves to its output (of the export's ABI type) or throws PluginCallError. */
  call<E extends ExportName>(slug: string, exportName: E, input: ExportInput<E>, meta: CallerMeta): Promise<ExportOutput<E>> {
    return this.dispatcher.call(slug, exportName, input, meta);
  }

  /** Runs plugins in order in one trip to the executor until an output ends the chain. */
  chain<E extends ExportName>(slugs: string[], exportName: E, input: ExportInput<E>, meta: CallerMeta): Promise<ChainResult[]> {
    return this.dispatcher.chain(slugs, exportName, input, meta);
  }

  /** The barcode chain (barcode-chain.ts): the deciding plugin's output, or null when none matched. */
  async scanBarcode(barcode: string, hash: string, meta: CallerMeta): Promise<BarcodeDecision | null> {
    return (await this.scanBarcodeWithFailures(barcode, hash, meta)).decision;
  }

  /** The same, with the plugins that failed on the way. */
  scanBarcodeWithFailures(barcode: string, hash: string, meta: CallerMeta): Promise<{ decision: BarcodeDecision | null; failures: BarcodeChainFailure[] }> {
    return scanBarcodeChain({ catalog: this.catalog, dispatcher: this.dispatcher }, barcode, hash, meta);
  }

  close(): Promise<void> {
    this.stopWatching?.();
    this.stopWatching = null;
    return this.dispatcher.close();
  }
}
