import createPlugin, { type CallContext, type Plugin } from "@extism/extism";
import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { EXPORTS, type ExportName, type PluginManifest } from "../../plugin-sdk/schema/index.ts";
import { PluginCallError, type PluginFailure } from "./errors.ts";
import type { CallMeta, HostApi } from "./host-api.ts";
import { buildHostFunctions, HostAbort } from "./host-functions.ts";
import type { ResolvedLimits } from "./limits.ts";

/** A plugin ready to instantiate: its manifest, its metered and memory-capped module, its limits. */
export interface PreparedPlugin {
  slug: string;
  manifest: PluginManifest;
  module: WebAssembly.Module;
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

/**
 * One live Extism instance of a plugin, used by one thread. `call` runs an export with the
 * plugin's budget and limits, validates its output against the ABI, and resets the SDK's
 * per-call memory (the SDK leaks until it fails after ~16k calls otherwise). After a fault that
 * may have left the guest's state broken (trap, budget, stack, memory) the instance is rebuilt
 * from the compiled module before the next call.
 */
export class PluginInstance {
  private plugin!: Plugin;
  private instance!: WebAssembly.Instance;
  private meta: CallMeta | null = null;
  private hostBytes = 0;
  private abort: HostAbort | null = null;
  private broken = false;

  private constructor(
    readonly spec: PreparedPlugin,
    private readonly api: HostApi,
  ) {}

  static async create(spec: PreparedPlugin, api: HostApi): Promise<PluginInstance> {
    const inst = new PluginInstance(spec, api);
    await inst.instantiate();
    return inst;
  }

  private async instantiate(): Promise<void> {
    const { spec, api } = this;
    const record = <T extends (...a: never[]) => unknown>(fn: T): T =>
      ((...args: Parameters<T>) => {
        try {
          return fn(...args);
        } catch (e) {
          // Remember why the host aborted: a guest may catch nothing, but the SDK may wrap the error.
          if (e instanceof HostAbort) this.abort = e;
          throw e;
        }
      }) as T;
    type HostFn = (cp: CallContext, ...args: bigint[]) => unknown;
    const env: Record<string, HostFn> = {
      // Bound what the guest may allocate in the host's Extism memory during one call.
      alloc: record((cp: CallContext, size: bigint) => {
        this.hostBytes += Number(size);
        if (this.hostBytes > spec.limits.hostMemoryBytes) {
          throw new HostAbort("memory", `allocated more than ${spec.limits.hostMemoryBytes} bytes of host memory in one call`);
        }
        return cp.alloc(size);
      }),
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
        if (this.meta) api.log({ level, message: cp.read(offset)?.text() ?? "" }, this.meta);
      };
    }
    const user = buildHostFunctions(api, spec.manifest, () => this.meta);
    for (const name of Object.keys(user)) user[name] = record(user[name]);
    this.plugin = await createPlugin(
      { wasm: [{ module: spec.module }] },
      { useWasi: false, runInWorker: false, functions: { "extism:host/env": env, "extism:host/user": user } },
    );
    this.instance = await this.plugin.getInstance();
    this.broken = false;
  }

  private fuelGlobal(): WebAssembly.Global {
    return this.instance.exports[this.spec.fuelExport] as WebAssembly.Global;
  }

  private setFuel(n: number): void {
    const g = this.fuelGlobal();
    g.value = typeof g.value === "bigint" ? BigInt(n) : n;
  }

  private clearGrowDenied(): void {
    const g = this.spec.growDeniedExport ? (this.instance.exports[this.spec.growDeniedExport] as WebAssembly.Global | undefined) : undefined;
    if (g) g.value = 0;
  }

  /** Instructions left in the budget after the last call; ≤ 0 means it ran out. */
  fuelLeft(): number {
    return Number(this.fuelGlobal().value);
  }

  hasExport(name: string): boolean {
    return typeof this.instance.exports[name] === "function";
  }

  /** Runs an ABI export with JSON input; resolves to its validated output or throws PluginCallError. */
  async call(exportName: ExportName, input: unknown, meta: CallMeta): Promise<unknown> {
    const slug = this.spec.slug;
    if (this.broken) await this.instantiate();
    if (!this.hasExport(exportName)) throw new PluginCallError(slug, "missing_export", `does not export ${exportName}`);
    this.meta = meta;
    this.hostBytes = 0;
    this.abort = null;
    this.setFuel(this.spec.limits.fuel);
    this.clearGrowDenied();
    let bytes: Uint8Array | null;
    try {
      const out = await this.plugin.call(exportName, JSON.stringify(input));
      bytes = out ? out.bytes() : null;
    } catch (e) {
      throw this.classify(e);
    } finally {
      this.meta = null;
      if (!this.broken) await this.plugin.reset();
    }
    if (!bytes || bytes.byteLength === 0) throw new PluginCallError(slug, "output_json", `${exportName} produced no output`);
    if (bytes.byteLength > this.spec.limits.maxOutputBytes) {
      throw new PluginCallError(slug, "output_size", `${exportName} output is ${bytes.byteLength} bytes, over the limit of ${this.spec.limits.maxOutputBytes}`);
    }
    let output: unknown;
    try {
      output = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
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
  private classify(e: unknown): PluginCallError {
    const slug = this.spec.slug;
    const message = e instanceof Error ? e.message : String(e);
    const fail = (failure: PluginFailure, detail: string, broken = true) => {
      this.broken = broken;
      return new PluginCallError(slug, failure, detail);
    };
    if (this.abort) return fail(this.abort.failure, this.abort.message);
    if (message.startsWith(PLUGIN_ERROR_PREFIX)) return fail("plugin_error", message.slice(PLUGIN_ERROR_PREFIX.length) || "the plugin reported an error", false);
    if (this.fuelLeft() <= 0) return fail("budget", `exceeded its instruction budget of ${this.spec.limits.fuel} (infinite loop?)`);
    if (e instanceof RangeError && /call stack/i.test(message)) return fail("stack", "stack overflow (runaway recursion?)");
    const growDenied = this.spec.growDeniedExport ? (this.instance.exports[this.spec.growDeniedExport] as WebAssembly.Global | undefined) : undefined;
    const memory = this.instance.exports.memory;
    if (Number(growDenied?.value ?? 0) !== 0 || (memory instanceof WebAssembly.Memory && memory.buffer.byteLength >= this.spec.limits.memoryPages * 65536)) {
      return fail("memory", `reached its memory limit of ${this.spec.limits.memoryPages} pages and trapped: ${message}`);
    }
    if (e instanceof WebAssembly.RuntimeError) return fail("trap", `trapped: ${message}`);
    return fail("trap", `failed: ${message}`);
  }

  async close(): Promise<void> {
    await this.plugin.close();
  }
}
