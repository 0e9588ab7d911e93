import createPlugin, { type CallContext, type Plugin } from "@extism/extism";
import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { EXPORTS, type ExportName, type PluginManifest } from "../../plugin-sdk/schema/index.ts";
import { PluginCallError, type PluginFailure } from "./errors.ts";
import type { CallMeta, HostApi } from "./host-api.ts";
import { buildHostFunctions, HostAbort } from "./host-functions.ts";
import type { ResolvedLimits } from "./limits.ts";
import { createKernelGuard, MeteredPlugin, PluginBudgetExceeded, PluginMemoryExceeded, PluginStackOverflow, resolveLimits } from "./sandbox/index.ts";

/** A plugin ready to instantiate: its manifest, its metered and memory-capped module, its limits. */
export interface PreparedPlugin {
  slug: string;
  manifest: PluginManifest;
  module: WebAssembly.Module;
  /** The metered bytes the module was compiled from. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Name of the exported global holding the remaining instruction budget. */
  fuelExport: string;
  growDeniedExport: string | null;
  limits: ResolvedLimits;
}

const outputCheckers = Object.fromEntries(Object.entries(EXPORTS).map(([name, e]) => [name, TypeCompiler.Compile(e.output as TSchema)])) as Record<
  ExportName,
  ReturnType<typeof TypeCompiler.Compile>
>;

const LOG_LEVELS = { log_debug: "debug", log_info: "info", log_warn: "warn", log_error: "error", log_trace: "debug" } as const;
const PLUGIN_ERROR_PREFIX = "Plugin-originated error: ";
const utf8 = new TextDecoder("utf-8", { fatal: true });
/** Log lines one call may write; a plugin logging in a loop would otherwise flood the server's log. */
const MAX_LOG_LINES_PER_CALL = 100;

type HostFn = (cp: CallContext, ...args: bigint[]) => unknown;

/**
 * One live Extism instance of a plugin. `call` runs an ABI export under the sandbox (fuel,
 * memory caps, a bound on host blocks: see sandbox/), validates its output against the ABI, and
 * resets the SDK's per-call memory (the SDK leaks until it fails after ~16k calls otherwise).
 * Calls on one instance run one at a time. After a fault that may have left the guest's own state
 * half-written (trap, budget, stack, memory) the instance is rebuilt before its next call.
 */
export class PluginInstance {
  private metered!: MeteredPlugin;
  private plugin!: Plugin;
  private meta: CallMeta | null = null;
  private abort: HostAbort | null = null;
  private logLines = 0;
  private broken = false;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  /** Function exports, read once: the SDK's functionExists rescans the module on every call. */
  private readonly exportNames: ReadonlySet<string>;

  private constructor(
    readonly spec: PreparedPlugin,
    private readonly api: HostApi,
  ) {
    this.exportNames = new Set(WebAssembly.Module.exports(spec.module).filter((e) => e.kind === "function").map((e) => e.name));
  }

  static async create(spec: PreparedPlugin, api: HostApi): Promise<PluginInstance> {
    const inst = new PluginInstance(spec, api);
    await inst.instantiate();
    return inst;
  }

  private async instantiate(): Promise<void> {
    const { spec, api } = this;
    const limits = resolveLimits({ fuel: spec.limits.fuel, memoryPages: spec.limits.memoryPages, hostMemoryBytes: spec.limits.hostMemoryBytes });
    const guard = createKernelGuard(limits.hostMemoryBytes);
    // Remember why a host function aborted: the SDK may wrap the error on its way out.
    const record = <T extends HostFn>(fn: T): T =>
      ((cp: CallContext, ...args: bigint[]) => {
        try {
          return fn(cp, ...args);
        } catch (e) {
          if (e instanceof HostAbort) this.abort = e;
          throw e;
        }
      }) as T;
    const env: Record<string, HostFn> = {
      ...guard.functions["extism:host/env"],
      // Imports newer PDKs expect and SDK 1.0.3 lacks (PLATFORM-FACTS 8).
      get_log_level: () => 2,
      // No network: the kernel's HTTP functions abort the call rather than quietly returning 0.
      http_request: record(() => {
        throw new HostAbort("permission", "called http_request: plugins have no network access (ABI 1 grants none)");
      }),
      http_status_code: () => 0,
    };
    for (const [name, level] of Object.entries(LOG_LEVELS)) {
      env[name] = (cp: CallContext, offset: bigint) => {
        if (!this.meta || ++this.logLines > MAX_LOG_LINES_PER_CALL) return;
        const message = this.logLines === MAX_LOG_LINES_PER_CALL ? `(log limit of ${MAX_LOG_LINES_PER_CALL} lines per call reached; further lines dropped)` : (cp.read(offset)?.text() ?? "");
        api.log({ level, message }, this.meta);
      };
    }
    const user = buildHostFunctions(api, spec.manifest, () => this.meta);
    for (const name of Object.keys(user)) user[name] = record(user[name]);
    this.plugin = await createPlugin(
      { wasm: [{ module: spec.module }] },
      { useWasi: false, runInWorker: false, functions: { "extism:host/env": env, "extism:host/user": user } },
    );
    this.metered = await MeteredPlugin.attach(this.plugin, { bytes: spec.bytes, fuelExport: spec.fuelExport, growDeniedExport: spec.growDeniedExport, limits }, guard);
    this.broken = false;
  }

  /** Runs an ABI export with JSON input; resolves to its validated output or throws PluginCallError. */
  call(exportName: ExportName, input: unknown, meta: CallMeta, fuel?: number): Promise<unknown> {
    const budget = Math.min(fuel ?? this.spec.limits.fuel, this.spec.limits.fuel);
    // Idle instance: run at once; busy: queue behind the calls already waiting.
    const run = this.pending === 0 ? this.callNow(exportName, input, meta, budget) : this.queue.then(() => this.callNow(exportName, input, meta, budget));
    this.pending++;
    this.queue = run.catch(() => undefined).finally(() => this.pending--);
    return run;
  }

  private async callNow(exportName: ExportName, input: unknown, meta: CallMeta, budget: number): Promise<unknown> {
    const slug = this.spec.slug;
    if (this.broken) await this.instantiate();
    if (!this.exportNames.has(exportName)) throw new PluginCallError(slug, "missing_export", `does not export ${exportName}`);
    this.meta = meta;
    this.abort = null;
    this.logLines = 0;
    let bytes: Uint8Array | null;
    try {
      bytes = (await this.metered.call(exportName, JSON.stringify(input), budget)).output?.bytes() ?? null;
    } catch (e) {
      throw this.classify(e, budget);
    } finally {
      this.meta = null;
    }
    return this.checkOutput(exportName, bytes);
  }

  private checkOutput(exportName: ExportName, bytes: Uint8Array | null): unknown {
    const slug = this.spec.slug;
    if (!bytes || bytes.byteLength === 0) throw new PluginCallError(slug, "output_json", `${exportName} produced no output`);
    if (bytes.byteLength > this.spec.limits.maxOutputBytes) {
      throw new PluginCallError(slug, "output_size", `${exportName} output is ${bytes.byteLength} bytes, over the limit of ${this.spec.limits.maxOutputBytes}`);
    }
    let output: unknown;
    try {
      output = JSON.parse(utf8.decode(bytes));
    } catch (e) {
      throw new PluginCallError(slug, "output_json", `${exportName} output is not JSON: ${(e as Error).message}`);
    }
    const checker = outputCheckers[exportName];
    if (!checker.Check(output)) {
      const first = [...checker.Errors(output)][0];
      throw new PluginCallError(slug, "output_schema", `${exportName} output does not match the ABI schema at ${first?.path || "/"}: ${first?.message}`);
    }
    return output;
  }

  /** Names the cause of a failed call; marks the instance for rebuilding when its state is suspect. */
  private classify(e: unknown, budget: number): PluginCallError {
    const slug = this.spec.slug;
    const message = e instanceof Error ? e.message : String(e);
    const fail = (failure: PluginFailure, detail: string, broken = true) => {
      this.broken = broken;
      return new PluginCallError(slug, failure, detail);
    };
    if (this.abort) return fail(this.abort.failure, this.abort.message);
    if (message.startsWith(PLUGIN_ERROR_PREFIX)) return fail("plugin_error", message.slice(PLUGIN_ERROR_PREFIX.length) || "the plugin reported an error", false);
    if (e instanceof PluginBudgetExceeded) return fail("budget", `exceeded its instruction budget of ${budget} (infinite loop?)`);
    if (e instanceof PluginStackOverflow) return fail("stack", "stack overflow (runaway recursion?)");
    if (e instanceof PluginMemoryExceeded) {
      const what = e.reason === "host-memory" ? `allocated more than ${this.spec.limits.hostMemoryBytes} bytes of host memory in one call` : `reached its memory limit of ${this.spec.limits.memoryPages} pages and trapped`;
      return fail("memory", what);
    }
    if (e instanceof WebAssembly.RuntimeError) return fail("trap", `trapped: ${message}`);
    return fail("trap", `failed: ${message}`);
  }

  async close(): Promise<void> {
    await this.plugin.close();
  }
}
