import type { ExportInput, ExportName, ExportOutput } from "../../plugin-sdk/schema/index.ts";
import type { Logger } from "../core/log.ts";
import type { PluginCatalog } from "./catalog.ts";
import { PluginCallError } from "../core/plugin-errors.ts";
import type { CallOutcome, Executor } from "./executor.ts";
import type { CallerMeta } from "./host-api.ts";
import { callSettings } from "./settings.ts";
import { recordOutcome } from "./stats.ts";

/** One plugin's answer in a chain; `outcome.output` is the export's validated output when ok. */
export interface ChainResult {
  slug: string;
  outcome: CallOutcome;
}

/**
 * An output the executor returned for `exportName`: every output was checked against the export's
 * ABI schema in the instance that produced it (instance.ts checkOutput), so it has that type.
 */
export const validatedOutput = <E extends ExportName>(_exportName: E, output: unknown): ExportOutput<E> => output as ExportOutput<E>;

/**
 * Sends calls to the current executor: refuses plugins that are missing, not loaded, inactive or
 * suspended, and records every outcome in the plugin's statistics and circuit breaker. A call of a
 * plugin whose manifest declares settings carries its stored settings, read here (async, one
 * query) just before the call: config_get and bv_setting_get answer from them on whatever thread
 * the plugin runs.
 */
export class PluginDispatcher {
  private executor: Executor | null = null;

  constructor(
    private readonly catalog: PluginCatalog,
    private readonly log: Logger,
    /** A plugin's stored settings (PluginStore.readSettings). */
    private readonly readSettings: (slug: string) => Promise<Record<string, unknown>>,
  ) {}

  private settingsOf(slug: string): Promise<Record<string, unknown> | undefined> {
    return callSettings(this.readSettings, slug, this.catalog.find(slug)?.manifest);
  }

  /** Makes `next` the executor; calls already running on the old one finish before it is closed. */
  swap(next: Executor): void {
    const old = this.executor;
    this.executor = next;
    if (old) old.close().catch((e) => this.log.error("closing old plugin executor failed", { error: String(e) }));
  }

  private refuse(slug: string): PluginCallError | null {
    const r = this.catalog.find(slug);
    if (!r) return new PluginCallError(slug, "unavailable", "no such plugin");
    if (!r.payload) return new PluginCallError(slug, "unavailable", `not loaded: ${r.loadError}`);
    if (!r.active) return new PluginCallError(slug, "unavailable", "is not active");
    if (r.suspension.suspended) return new PluginCallError(slug, "unavailable", r.suspension.reason ?? "suspended");
    return null;
  }

  private record(slug: string, outcome: CallOutcome, requestId?: string): void {
    const rec = this.catalog.find(slug);
    if (rec) recordOutcome(rec, outcome, this.log, requestId);
  }

  /** Calls one export of one plugin; resolves to its validated output or throws PluginCallError. */
  async call<E extends ExportName>(slug: string, exportName: E, input: ExportInput<E>, meta: CallerMeta): Promise<ExportOutput<E>> {
    const refusal = this.refuse(slug);
    if (refusal) throw refusal;
    const settings = await this.settingsOf(slug);
    const outcome = await this.need().call({ slug, export: exportName, input, meta: { ...meta, slug, ...(settings ? { settings } : {}) } });
    this.record(slug, outcome, meta.requestId);
    if (!outcome.ok) throw new PluginCallError(slug, outcome.failure, outcome.detail);
    return validatedOutput(exportName, outcome.output);
  }

  /**
   * Runs a chain of plugins in one trip to the executor, stopping at the first output that ends
   * it (a barcode match or a plugin's own error). Refused plugins are skipped; failed ones are
   * recorded and skipped.
   */
  async chain<E extends ExportName>(slugs: string[], exportName: E, input: ExportInput<E>, meta: CallerMeta): Promise<ChainResult[]> {
    const runnable = slugs.filter((s) => !this.refuse(s));
    if (!runnable.length) return [];
    // Each plugin its own settings, all read before the trip (only those declaring settings read).
    const settingsBySlug: Record<string, Record<string, unknown>> = {};
    await Promise.all(
      runnable.map(async (slug) => {
        const settings = await this.settingsOf(slug);
        if (settings) settingsBySlug[slug] = settings;
      }),
    );
    const results = await this.need().chain(runnable, exportName, input, { ...meta, settingsBySlug });
    for (const { slug, outcome } of results) this.record(slug, outcome, meta.requestId);
    return results;
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
