import type { ExportName } from "../../plugin-sdk/schema/index.ts";
import { PluginCallError } from "../core/plugin-errors.ts";
import type { CallOutcome, CallRequest } from "./executor.ts";
import type { ChainMeta, HostApi } from "./host-api.ts";
import { PluginInstance } from "./instance.ts";
import type { PluginPayload } from "./prepare.ts";

/** Does a barcode_scan (or other chained) output end the chain? Any match or a plugin's own error does. */
export const endsChain = (output: unknown): boolean =>
  typeof output === "object" && output !== null && ((output as { match?: unknown }).match === true || "error" in output);

/**
 * Calls `call` for each plugin in order until an output ends the chain; the one loop every
 * executor's `chain` runs.
 */
export async function runChain(
  call: (req: CallRequest) => Promise<CallOutcome>,
  slugs: string[],
  exportName: ExportName,
  input: unknown,
  meta: ChainMeta,
): Promise<{ slug: string; outcome: CallOutcome }[]> {
  const results: { slug: string; outcome: CallOutcome }[] = [];
  const { settingsBySlug, ...common } = meta;
  for (const slug of slugs) {
    // Each plugin gets its own settings.
    const settings = settingsBySlug?.[slug];
    const outcome = await call({ slug, export: exportName, input, meta: { ...common, slug, ...(settings ? { settings } : {}) } });
    results.push({ slug, outcome });
    if (outcome.ok && endsChain(outcome.output)) break;
  }
  return results;
}

/** The instances of one thread and the calls on them: shared by the inline executor and workers. */
export class CallRunner {
  private instances = new Map<string, PluginInstance>();

  constructor(private readonly api: HostApi) {}

  async load(plugins: PluginPayload[]): Promise<Record<string, string>> {
    const errors: Record<string, string> = {};
    const next = new Map<string, PluginInstance>();
    await Promise.all(
      plugins.map(async (p) => {
        try {
          const module = await WebAssembly.compile(p.bytes);
          next.set(p.slug, await PluginInstance.create({ slug: p.slug, manifest: p.manifest, module, bytes: p.bytes, fuelExport: p.fuelExport, growDeniedExport: p.growDeniedExport, limits: p.limits }, this.api));
        } catch (e) {
          const why = e instanceof WebAssembly.RuntimeError ? ` (its start function trapped or ran past its start budget of ${p.limits.startFuel} fuel)` : "";
          errors[p.slug] = `failed to instantiate: ${(e as Error).message}${why}`;
        }
      }),
    );
    const old = this.instances;
    this.instances = next;
    await Promise.all([...old.values()].map((i) => i.close().catch(() => {})));
    return errors;
  }

  async call(req: CallRequest): Promise<CallOutcome> {
    const start = performance.now();
    const micros = () => Math.round((performance.now() - start) * 1000);
    const inst = this.instances.get(req.slug);
    if (!inst) return { ok: false, failure: "unavailable", detail: `plugin ${req.slug} is not loaded`, micros: micros() };
    try {
      const { output, limits, usage } = await inst.call(req.export, req.input, req.meta, req.fuel);
      return { ok: true, output, micros: micros(), usage, ...(limits.length ? { limits } : {}) };
    } catch (e) {
      if (e instanceof PluginCallError) {
        return { ok: false, failure: e.failure, detail: e.detail, micros: micros(), ...(e.usage ? { usage: e.usage } : {}), ...(e.limits.length ? { limits: e.limits } : {}) };
      }
      return { ok: false, failure: "trap", detail: `failed: ${(e as Error).message}`, micros: micros() };
    }
  }

  chain(slugs: string[], exportName: ExportName, input: unknown, meta: ChainMeta) {
    return runChain((req) => this.call(req), slugs, exportName, input, meta);
  }

  /** Whether `slug`'s instance must be rebuilt (after a trap, budget, stack or memory fault) before its next call. */
  needsRebuild(slug: string): boolean {
    return this.instances.get(slug)?.needsRebuild ?? false;
  }

  /** Rebuilds `slug`'s instance if it needs it; answers why that failed, or null. */
  async rebuild(slug: string): Promise<string | null> {
    try {
      await this.instances.get(slug)?.rebuild();
      return null;
    } catch (e) {
      return `failed to instantiate again: ${(e as Error).message}`;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.instances.values()].map((i) => i.close().catch(() => {})));
    this.instances.clear();
  }
}
