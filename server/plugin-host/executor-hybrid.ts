import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import { runChain } from "./call-runner.ts";
import type { CallOutcome, CallRequest, Executor } from "./executor.ts";
import type { CallMeta } from "./host-api.ts";
import type { PluginPayload } from "./prepare.ts";

export interface HybridOptions {
  /** Instructions a call may run on the request thread before it is moved to a worker. */
  inlineFuel: number;
  /** How long a plugin that outgrew the slice goes straight to the workers. */
  coolDownMs: number;
}

export const DEFAULT_HYBRID: HybridOptions = { inlineFuel: 1_000_000, coolDownMs: 30_000 };

interface PluginMode {
  /** Only plugins that cannot write may be tried inline: a call cut short is run again. */
  eligible: boolean;
  fuel: number;
  heavyUntil: number;
}

/**
 * The default executor: cheap calls at inline speed, heavy and runaway ones isolated.
 * A call of a plugin without write permissions (no bv_stock_adjust) first runs on the request
 * thread with a small instruction slice. Most calls (barcode decoders, small actions) finish well
 * inside it. One that exhausts the slice had no side effects, so it runs again in a worker with
 * its full budget, and that plugin goes straight to the workers for a cool-down: the event loop is
 * held at most one slice (~1M instructions, a few ms) per plugin per cool-down.
 */
export class HybridExecutor implements Executor {
  private modes = new Map<string, PluginMode>();

  constructor(
    private readonly inline: Executor,
    private readonly workers: Executor,
    private readonly options: HybridOptions = DEFAULT_HYBRID,
    private readonly now: () => number = Date.now,
  ) {}

  async load(plugins: PluginPayload[]): Promise<Record<string, string>> {
    this.modes = new Map(
      plugins.map((p) => [p.slug, { eligible: !(p.manifest.permissions ?? []).includes("bv_stock_adjust"), fuel: p.limits.fuel, heavyUntil: 0 }]),
    );
    const [a, b] = await Promise.all([this.inline.load(plugins), this.workers.load(plugins)]);
    return { ...a, ...b };
  }

  private tryInline(slug: string): boolean {
    const m = this.modes.get(slug);
    return !!m && m.eligible && m.heavyUntil <= this.now();
  }

  async call(req: CallRequest): Promise<CallOutcome> {
    if (!this.tryInline(req.slug)) return { ...(await this.workers.call(req)), ran: "worker" };
    const mode = this.modes.get(req.slug) as PluginMode;
    const slice = Math.min(this.options.inlineFuel, mode.fuel);
    const first = await this.inline.call({ ...req, fuel: slice });
    if (first.ok || first.failure !== "budget" || slice >= mode.fuel) return { ...first, ran: "inline" };
    mode.heavyUntil = this.now() + this.options.coolDownMs;
    const second = await this.workers.call(req);
    return { ...second, micros: second.micros + first.micros, ran: "worker" };
  }

  chain(slugs: string[], exportName: ExportName, input: unknown, meta: Omit<CallMeta, "slug">) {
    return runChain((req) => this.call(req), slugs, exportName, input, meta);
  }

  async drain(): Promise<void> {
    await Promise.all([this.inline.drain(), this.workers.drain()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.inline.close(), this.workers.close()]);
  }
}
