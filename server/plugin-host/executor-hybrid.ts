import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import type { Logger } from "../core/log.ts";
import { runChain } from "./call-runner.ts";
import type { CallOutcome, CallRequest, Executor } from "./executor.ts";
import { type ChainMeta, usesDatabase } from "./host-api.ts";
import type { PluginPayload } from "./prepare.ts";

export interface HybridOptions {
  /** Instructions a call may run on the request thread before it is moved to a worker. */
  inlineFuel: number;
  /** How long a plugin that outgrew the slice goes straight to the workers. */
  coolDownMs: number;
  /** Where a call run again outside the slice is said (so its log lines, seen twice, are explained). */
  log?: Pick<Logger, "info">;
}

export const DEFAULT_HYBRID: HybridOptions = { inlineFuel: 1_000_000, coolDownMs: 30_000 };

interface PluginMode {
  /**
   * Only plugins granted no database host function may be tried inline: a call cut short is run
   * again (so it must not have written), and the request thread cannot block on its own async
   * services (host-api.ts usesDatabase). bv_log and bv_setting_get (answered from the settings
   * the call carries) stay inline-capable.
   */
  eligible: boolean;
  fuel: number;
  heavyUntil: number;
  /** Its inline instance is being rebuilt (in a task of its own): its calls go to the workers meanwhile. */
  rebuilding: Promise<void> | null;
}

/**
 * The default executor: cheap calls at inline speed, heavy and runaway ones isolated.
 * A call of a plugin granted no database host function (bv_get, bv_search, bv_stock_adjust:
 * decided at load from its manifest) first runs on the request thread with a
 * small instruction slice; the others always run in a worker or plugin process, where their host
 * calls block on the async services of another thread. Most calls (barcode decoders, small actions) finish well
 * inside it. One that exhausts the slice had no side effects, so it runs again in a worker with
 * its full budget, and that plugin goes straight to the workers for a cool-down: the event loop is
 * held at most one slice (~1M instructions, a few ms) per plugin per cool-down.
 *
 * A fault (trap, budget, stack, memory) leaves the inline instance to be rebuilt, which runs the
 * module's start function again (up to its start budget, as long as a slice). That rebuild never
 * runs on a call's path: it is started in a task of its own once the failed call has answered,
 * and the plugin's calls go to the workers for a cool-down. So a request waits for at most one
 * slice of plugin work (never a slice and a rebuild in a row), and a plugin that traps on every
 * call costs this thread one slice and one rebuild per cool-down.
 */
export class HybridExecutor implements Executor {
  private modes = new Map<string, PluginMode>();
  private rebuilds = new Set<Promise<void>>();

  constructor(
    private readonly inline: Executor,
    private readonly workers: Executor,
    private readonly options: HybridOptions = DEFAULT_HYBRID,
    private readonly now: () => number = Date.now,
  ) {}

  async load(plugins: PluginPayload[]): Promise<Record<string, string>> {
    this.modes = new Map(
      plugins.map((p) => [p.slug, { eligible: !usesDatabase(p.manifest), fuel: p.limits.fuel, heavyUntil: 0, rebuilding: null }]),
    );
    const [a, b] = await Promise.all([this.inline.load(plugins), this.workers.load(plugins)]);
    return { ...a, ...b };
  }

  private tryInline(slug: string): boolean {
    const m = this.modes.get(slug);
    if (!m || !m.eligible || m.rebuilding || m.heavyUntil > this.now()) return false;
    // (An instance left broken by a rebuild that failed: rebuilt apart, never on this call's path.)
    if (this.inline.needsRebuild?.(slug)) {
      this.rebuildLater(slug, m);
      return false;
    }
    return true;
  }

  /** Rebuilds `slug`'s inline instance in a task of its own, after the current one has answered. */
  private rebuildLater(slug: string, mode: PluginMode): void {
    if (mode.rebuilding || !this.inline.rebuild) return;
    const rebuild = this.inline.rebuild.bind(this.inline);
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => rebuild(slug))
      .then((error) => {
        // A start function that now fails: its calls stay with the workers for a cool-down.
        if (error) mode.heavyUntil = this.now() + this.options.coolDownMs;
      })
      .finally(() => {
        mode.rebuilding = null;
        this.rebuilds.delete(done);
      });
    mode.rebuilding = done;
    this.rebuilds.add(done);
  }

  async call(req: CallRequest): Promise<CallOutcome> {
    if (!this.tryInline(req.slug)) return { ...(await this.workers.call(req)), ran: "worker" };
    const mode = this.modes.get(req.slug) as PluginMode;
    const slice = Math.min(this.options.inlineFuel, mode.fuel);
    const first = await this.inline.call({ ...req, fuel: slice });
    if (!first.ok && this.inline.needsRebuild?.(req.slug)) {
      // A fault: rebuilt apart, and its calls go to the workers for a cool-down, so a plugin that
      // keeps trapping costs this thread one slice and one rebuild per cool-down, not per call.
      this.rebuildLater(req.slug, mode);
      mode.heavyUntil = this.now() + this.options.coolDownMs;
    }
    if (first.ok || first.failure !== "budget" || slice >= mode.fuel) return { ...first, ran: "inline" };
    mode.heavyUntil = this.now() + this.options.coolDownMs;
    this.options.log?.info("plugin call re-run outside the inline slice", {
      plugin: req.slug,
      export: req.export,
      reason: `used its inline slice of ${slice} instructions (its budget is ${mode.fuel}): run again in a plugin process, so the log lines of the first run appear twice; its calls skip the slice for ${this.options.coolDownMs} ms`,
      request_id: req.meta.requestId,
    });
    const second = await this.workers.call(req);
    return { ...second, micros: second.micros + first.micros, ran: "worker" };
  }

  chain(slugs: string[], exportName: ExportName, input: unknown, meta: ChainMeta) {
    return runChain((req) => this.call(req), slugs, exportName, input, meta);
  }

  async drain(): Promise<void> {
    await Promise.all([this.inline.drain(), this.workers.drain(), ...this.rebuilds]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.rebuilds]);
    await Promise.all([this.inline.close(), this.workers.close()]);
  }
}
