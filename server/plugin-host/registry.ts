import { and, eq } from "drizzle-orm";
import type { ExportName, PluginManifest } from "../../plugin-sdk/schema/index.ts";
import type { Config } from "../core/config.ts";
import type { Db } from "../db/client.ts";
import { pluginConfigs, pluginSettings } from "../db/schema/settings.ts";
import type { Logger } from "../core/log.ts";
import { discoverPlugins } from "./discovery.ts";
import { PluginCallError, type PluginFailure, type PluginLimit } from "../core/plugin-errors.ts";
import { endsChain } from "./call-runner.ts";
import type { CallOutcome, Executor } from "./executor.ts";
import type { CallMeta } from "./host-api.ts";
import { PATTERN_LIMITS } from "./pattern-check.ts";
import { type PluginPayload, preparePlugin } from "./prepare.ts";
import { Suspension, type SuspensionPolicy } from "./suspension.ts";

export interface PluginStats {
  calls: number;
  /** Where calls ran: `worker` counts every isolated call (plugin process or worker thread). */
  ran: { inline: number; worker: number };
  errors: number;
  failures: Partial<Record<PluginFailure, number>>;
  /** How often each limit was hit (fatal or not: a cut log line counts too). */
  limits: Partial<Record<PluginLimit, number>>;
  total_micros: number;
  last_error: { failure: PluginFailure; detail: string; at: string } | null;
}

/** What the registry knows of one plugin folder, loaded or not. */
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

export type ExecutorFactory = () => Executor;

const DEFAULT_PRIORITY = 100;

/**
 * Finds, orders and calls the WASM plugins. Order is deterministic: priority, then slug.
 * Activation and priority overrides persist in `plugin_config`; settings in `plugin_setting`.
 */
export class PluginRegistry {
  private records: PluginRecord[] = [];
  /** The same records by slug: every call looks its plugin up. */
  private bySlug = new Map<string, PluginRecord>();
  private executor: Executor | null = null;
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, "pluginsDir">,
    private readonly log: Logger,
    private readonly makeExecutor: ExecutorFactory,
    private readonly suspensionPolicy?: SuspensionPolicy,
  ) {}

  /** Discovers and loads every plugin; a bad one is recorded with its reason, never thrown. */
  async start(): Promise<void> {
    const started = performance.now();
    const previous = new Map(this.records.map((r) => [r.slug, r]));
    const records: PluginRecord[] = [];
    for (const d of discoverPlugins(this.config.pluginsDir)) {
      const old = previous.get(d.slug);
      const rec: PluginRecord = {
        slug: d.slug,
        dir: d.dir,
        manifest: d.manifest ?? null,
        loadError: d.ok ? null : d.error,
        active: true,
        priority: DEFAULT_PRIORITY,
        stats: old?.stats ?? { calls: 0, ran: { inline: 0, worker: 0 }, errors: 0, failures: {}, limits: {}, total_micros: 0, last_error: null },
        // A reload keeps a plugin's offences: reloading must not launder a suspension.
        suspension: old?.suspension ?? new Suspension(this.suspensionPolicy),
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
      records.push(rec);
    }
    const executor = this.makeExecutor();
    const errors = await executor.load(records.flatMap((r) => (r.payload ? [r.payload] : [])));
    for (const r of records) {
      if (errors[r.slug]) {
        r.loadError = errors[r.slug];
        r.payload = null;
      }
      if (r.loadError) this.log.error("plugin not loaded", { plugin: r.slug, error: r.loadError });
    }
    this.records = records;
    this.bySlug = new Map(records.map((r) => [r.slug, r]));
    this.applyStoredConfig();
    // Swap, then let calls already running on the old instances finish before closing them.
    const old = this.executor;
    this.executor = executor;
    this.generation++;
    if (old) old.close().catch((e) => this.log.error("closing old plugin executor failed", { error: String(e) }));
    this.log.info("plugins loaded", { loaded: records.filter((r) => r.payload).length, failed: records.filter((r) => r.loadError).length, ms: Math.round(performance.now() - started) });
  }

  /** Rescans the plugins directory without a restart. */
  reload(): Promise<void> {
    return this.start();
  }

  private applyStoredConfig(): void {
    const stored = new Map(this.db.select().from(pluginConfigs).all().map((c) => [c.key, c]));
    for (const r of this.records) {
      const c = stored.get(r.slug);
      r.active = c?.active ?? true;
      r.priority = c?.priority ?? r.manifest?.kinds.barcode?.priority ?? DEFAULT_PRIORITY;
    }
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

  setActive(slug: string, active: boolean): void {
    this.db
      .insert(pluginConfigs)
      .values({ key: slug, active })
      .onConflictDoUpdate({ target: pluginConfigs.key, set: { active } })
      .run();
    const r = this.find(slug);
    if (r && active) r.suspension.reset();
    this.applyStoredConfig();
  }

  setPriority(slug: string, priority: number | null): void {
    const r = this.find(slug);
    this.db
      .insert(pluginConfigs)
      .values({ key: slug, active: r?.active ?? true, priority })
      .onConflictDoUpdate({ target: pluginConfigs.key, set: { priority } })
      .run();
    this.applyStoredConfig();
  }

  /** A setting's stored value, else its default, else null. */
  getSetting(slug: string, key: string): unknown {
    const row = this.db.select().from(pluginSettings).where(and(eq(pluginSettings.plugin, slug), eq(pluginSettings.key, key))).get();
    if (row) return JSON.parse(row.value);
    return this.find(slug)?.manifest?.settings?.[key]?.default ?? null;
  }

  setSetting(slug: string, key: string, value: unknown): void {
    const text = JSON.stringify(value);
    this.db
      .insert(pluginSettings)
      .values({ plugin: slug, key, value: text })
      .onConflictDoUpdate({ target: [pluginSettings.plugin, pluginSettings.key], set: { value: text } })
      .run();
  }

  private account(rec: PluginRecord, outcome: CallOutcome, requestId?: string): void {
    rec.stats.calls++;
    rec.stats.total_micros += outcome.micros;
    if (outcome.ran) rec.stats.ran[outcome.ran]++;
    for (const l of outcome.limits ?? []) rec.stats.limits[l] = (rec.stats.limits[l] ?? 0) + 1;
    if (outcome.ok) {
      rec.suspension.recordSuccess();
      return;
    }
    rec.stats.errors++;
    rec.stats.failures[outcome.failure] = (rec.stats.failures[outcome.failure] ?? 0) + 1;
    rec.stats.last_error = { failure: outcome.failure, detail: outcome.detail, at: new Date().toISOString() };
    const wasSuspended = rec.suspension.suspendedUntil !== null;
    rec.suspension.recordFailure(outcome.failure, outcome.detail);
    if (rec.suspension.suspendedUntil !== null && !wasSuspended) this.log.error("plugin suspended", { plugin: rec.slug, reason: rec.suspension.reason });
    this.log.info("plugin call failed", { plugin: rec.slug, failure: outcome.failure, detail: outcome.detail, request_id: requestId });
  }

  private refuse(slug: string): PluginCallError | null {
    const r = this.find(slug);
    if (!r) return new PluginCallError(slug, "unavailable", "no such plugin");
    if (!r.payload) return new PluginCallError(slug, "unavailable", `not loaded: ${r.loadError}`);
    if (!r.active) return new PluginCallError(slug, "unavailable", "is not active");
    if (r.suspension.suspended) return new PluginCallError(slug, "unavailable", r.suspension.reason ?? "suspended");
    return null;
  }

  /** Calls one export of one plugin; resolves to its validated output or throws PluginCallError. */
  async call(slug: string, exportName: ExportName, input: unknown, meta: Omit<CallMeta, "slug">): Promise<unknown> {
    const refusal = this.refuse(slug);
    if (refusal) throw refusal;
    const executor = this.need();
    const outcome = await executor.call({ slug, export: exportName, input, meta: { ...meta, slug } });
    const rec = this.find(slug);
    if (rec) this.account(rec, outcome, meta.requestId);
    if (!outcome.ok) throw new PluginCallError(slug, outcome.failure, outcome.detail);
    return outcome.output;
  }

  /**
   * Runs a chain of plugins in one trip to the executor, stopping at the first output that ends
   * it (a barcode match or a plugin's own error). Failed plugins are accounted and skipped.
   */
  async chain(slugs: string[], exportName: ExportName, input: unknown, meta: Omit<CallMeta, "slug">) {
    const runnable = slugs.filter((s) => !this.refuse(s));
    if (!runnable.length) return [];
    const results = await this.need().chain(runnable, exportName, input, meta);
    for (const { slug, outcome } of results) {
      const rec = this.find(slug);
      if (rec) this.account(rec, outcome, meta.requestId);
    }
    return results;
  }

  /**
   * The barcode chain: active barcode plugins in order, skipping those whose patterns do not match
   * (they are not even called), until one matches or reports an error. Returns the deciding
   * plugin's output, or null when none matched; plugin failures are accounted and skipped.
   */
  async scanBarcode(barcode: string, hash: string, meta: Omit<CallMeta, "slug">): Promise<{ slug: string; output: unknown } | null> {
    const slugs = this.callable("barcode")
      // Patterns were probed at load up to PATTERN_LIMITS.barcodeChars: longer barcodes never reach them.
      .filter((r) => !r.barcodePatterns || (barcode.length <= PATTERN_LIMITS.barcodeChars && r.barcodePatterns.some((p) => p.test(barcode))))
      .map((r) => r.slug);
    if (!slugs.length) return null;
    const results = await this.chain(slugs, "barcode_scan", { barcode, hash, context: { user: meta.user } }, meta);
    const last = results.at(-1);
    return last?.outcome.ok && endsChain(last.outcome.output) ? { slug: last.slug, output: last.outcome.output } : null;
  }

  private need(): Executor {
    if (!this.executor) throw new PluginCallError("*", "unavailable", "the plugin host has not started");
    return this.executor;
  }

  async close(): Promise<void> {
    await this.executor?.close();
    this.executor = null;
  }
}
