import createPlugin, { type CallContext, type Plugin } from "@extism/extism";
import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { explainSchemaErrors, formatSchemaProblems } from "../../plugin-sdk/schema/explain.ts";
import { EXPORTS, type ExportName, type PluginManifest } from "../../plugin-sdk/schema/index.ts";
import { BLOCK_OVERRUN_HINT } from "../../plugin-sdk/schema/import-hints.ts";
import { bytesFuel, CALL_LIMITS, HOST_FUEL, LimitsHit, readCapped } from "./call-limits.ts";
import { type CallUsage, PluginCallError, type PluginFailure, type PluginLimit } from "../core/plugin-errors.ts";
import type { CallMeta, HostApi } from "./host-api.ts";
import { buildHostFunctions, HostAbort, type HostCallMeter } from "./host-functions.ts";
import { jsonDepthOver } from "./json-depth.ts";
import { createKernelGuard, type KernelGuard, MeteredPlugin, PluginBudgetExceeded, PluginMemoryExceeded, PluginStackOverflow, type SandboxLimits } from "./sandbox/index.ts";

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
  limits: SandboxLimits;
}

const outputCheckers = Object.fromEntries(Object.entries(EXPORTS).map(([name, e]) => [name, TypeCompiler.Compile(e.output as TSchema)])) as Record<
  ExportName,
  ReturnType<typeof TypeCompiler.Compile>
>;

const LOG_LEVELS = { log_debug: "debug", log_info: "info", log_warn: "warn", log_error: "error", log_trace: "trace" } as const;
const PLUGIN_ERROR_PREFIX = "Plugin-originated error: ";
const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** A successful call: its validated output, the limits it ran into, what it used. */
export interface CallResult {
  output: unknown;
  limits: PluginLimit[];
  usage: CallUsage;
}

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
  private hits = new LimitsHit();
  /** Extism variables (var_get / var_set): they outlive calls, as in the SDK, but not a rebuild. */
  private vars = new Map<string, Uint8Array>();
  /** The running call's error_set text (its first error_bytes) and the block's full length. */
  private pluginError: { text: string; length: number } | null = null;
  private varBytes = 0;
  private guard!: KernelGuard;
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
    const guard = createKernelGuard(spec.limits.hostMemoryBytes);
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
        if (!this.meta) return;
        const block = readCapped(cp, offset, CALL_LIMITS.logLineBytes);
        this.chargeFuel(BigInt(HOST_FUEL.perKernelCall) + bytesFuel(Math.min(block?.length ?? 0, CALL_LIMITS.logLineBytes)));
        const line = this.logLine(block ? this.cut(block.text, block.length, CALL_LIMITS.logLineBytes, "log_line_bytes") : "");
        if (line !== null) api.log({ level, message: line }, this.meta);
      };
    }
    // Kernel functions that decode a key: the key's length is capped and charged first. Variables
    // are kept here (not by the SDK, whose var_get hands out its own block for the plugin to keep):
    // their total size is capped, and each read is a fresh block counted by the memory guard.
    const key = (cp: CallContext, name: string, offset: bigint): string | null => {
      const length = Number(cp.length(offset));
      if (length > CALL_LIMITS.kernelKeyBytes) {
        throw new HostAbort("limit", `${name} with a ${length}-byte key, over the limit of ${CALL_LIMITS.kernelKeyBytes} (limit kernel_key_bytes)`, "kernel_key_bytes");
      }
      this.chargeFuel(BigInt(HOST_FUEL.perKernelCall) + bytesFuel(length));
      return readCapped(cp, offset, length)?.text ?? null;
    };
    // Extism's config is the plugin's settings (so every PDK's `Config.get` works): the value
    // stored for the key, else the manifest's default, as text (a string as it is, any other
    // value as JSON); no block (null) for a key plugin.json does not declare or without a value.
    // The stored values travel with each call (CallMeta.settings, read just before it by the
    // dispatcher): a setting changed through the API is seen by the next call.
    env.config_get = record((cp: CallContext, offset: bigint) => {
      const k = key(cp, "config_get", offset);
      const meta = this.meta;
      if (k === null || !meta || !spec.manifest.settings || !Object.hasOwn(spec.manifest.settings, k)) return 0n;
      const value = meta.settings?.[k] ?? spec.manifest.settings[k].default;
      if (value === undefined || value === null) return 0n;
      const bytes = encoder.encode(typeof value === "string" ? value : JSON.stringify(value));
      this.guard.charge(bytes.length, `config_get("${k}")`);
      this.chargeFuel(bytesFuel(bytes.length));
      return cp.store(bytes);
    });
    env.var_get = record((cp: CallContext, offset: bigint) => {
      const k = key(cp, "var_get", offset);
      const value = k === null ? undefined : this.vars.get(k);
      if (!value) return 0n;
      this.guard.charge(value.length, "var_get");
      this.chargeFuel(bytesFuel(value.length));
      return cp.store(value);
    });
    env.var_set = record((cp: CallContext, offset: bigint, valueOffset: bigint) => {
      const k = key(cp, "var_set", offset);
      if (k === null) return;
      const old = this.vars.get(k)?.length ?? 0;
      if (valueOffset === 0n) {
        this.vars.delete(k);
        this.varBytes -= old;
        return;
      }
      const value = cp.read(valueOffset)?.bytes();
      if (!value) return;
      if (this.varBytes - old + value.length > CALL_LIMITS.varBytes) {
        throw new HostAbort("limit", `var_set would keep ${this.varBytes - old + value.length} bytes of variables, over the limit of ${CALL_LIMITS.varBytes} (limit var_bytes)`, "var_bytes");
      }
      this.chargeFuel(BigInt(HOST_FUEL.perKernelCall) + bytesFuel(value.length));
      this.vars.set(k, value.slice());
      this.varBytes += value.length - old;
    });
    // error_set is the host's own: only the first error_bytes of the block are decoded (the SDK's
    // would decode it whole after the call, ~1.6 ns a byte of up to host_memory_bytes).
    env.error_set = record((cp: CallContext, offset: bigint) => {
      const block = readCapped(cp, offset, CALL_LIMITS.errorBytes);
      this.chargeFuel(BigInt(HOST_FUEL.perKernelCall) + bytesFuel(Math.min(block?.length ?? 0, CALL_LIMITS.errorBytes)));
      if (!block) throw new Error("error_set: cannot assign to this block");
      this.pluginError = block;
    });
    env.alloc = (cp: CallContext, size: bigint) => {
      // Zero-filling a block is work too: charged like a memory.fill of its size.
      if (typeof size === "bigint" && size > 0n) this.chargeFuel(BigInt(HOST_FUEL.perKernelCall) + bytesFuel(Number(size)));
      return guard.functions["extism:host/env"].alloc(cp, size);
    };
    const meter: HostCallMeter = {
      request: (name, bytes) => {
        if (++this.hits.hostCalls > CALL_LIMITS.hostCalls) {
          this.hits.note("host_calls");
          throw new HostAbort("limit", `made more than ${CALL_LIMITS.hostCalls} host function calls in one call (limit host_calls)`, "host_calls");
        }
        if (bytes > CALL_LIMITS.hostRequestBytes) {
          throw new HostAbort("limit", `sent a ${bytes}-byte ${name} request, over the limit of ${CALL_LIMITS.hostRequestBytes} (limit host_request_bytes)`, "host_request_bytes");
        }
        this.chargeFuel(BigInt(HOST_FUEL.perHostCall + HOST_FUEL.perRequestByte * bytes));
      },
      work: (fuel) => this.chargeFuel(BigInt(fuel)),
      answer: (bytes) => {
        this.guard.charge(bytes, "a host function's answer");
        this.chargeFuel(BigInt(HOST_FUEL.perAnswerByte * bytes));
      },
      logLine: (message) => {
        const length = encoder.encode(message).length;
        return this.logLine(length > CALL_LIMITS.logLineBytes ? this.cut(message.slice(0, CALL_LIMITS.logLineBytes), length, CALL_LIMITS.logLineBytes, "log_line_bytes") : message);
      },
    };
    const user = buildHostFunctions(api, spec.manifest, () => this.meta, meter);
    for (const name of Object.keys(user)) user[name] = record(user[name]);
    this.guard = guard;
    this.plugin = await createPlugin(
      { wasm: [{ module: spec.module }] },
      { useWasi: false, runInWorker: false, functions: { "extism:host/env": env, "extism:host/user": user } },
    );
    this.metered = await MeteredPlugin.attach(this.plugin, { bytes: spec.bytes, fuelExport: spec.fuelExport, growDeniedExport: spec.growDeniedExport, limits: spec.limits }, guard);
    this.broken = false;
  }

  /** Charges host work to the running call's fuel (throws the budget error when it runs out). */
  private chargeFuel(units: bigint): void {
    // During the first instantiation (a start function calling the kernel) there is no meter yet:
    // the start budget bounds that work.
    (this.metered as MeteredPlugin | undefined)?.chargeFuel(units);
  }

  /** Counts one log line of this call; null once the per-call line limit is reached. */
  private logLine(message: string): string | null {
    const n = ++this.hits.logLines;
    if (n > CALL_LIMITS.logLines) return null;
    if (n < CALL_LIMITS.logLines) return message;
    this.hits.note("log_lines");
    return `(log limit of ${CALL_LIMITS.logLines} lines per call reached; further lines dropped)`;
  }

  /** `text` (the first `max` bytes of something `length` bytes long), marked as cut when it was. */
  private cut(text: string, length: number, max: number, limit: PluginLimit): string {
    if (length <= max) return text;
    this.hits.note(limit);
    return `${text}… (cut: ${length} bytes, limit ${limit} is ${max})`;
  }

  /** Runs an ABI export with JSON input; resolves to its validated output or throws PluginCallError. */
  call(exportName: ExportName, input: unknown, meta: CallMeta, fuel?: number): Promise<CallResult> {
    const budget = Math.min(fuel ?? this.spec.limits.fuel, this.spec.limits.fuel);
    // Idle instance: run at once; busy: queue behind the calls already waiting.
    const run = this.pending === 0 ? this.callNow(exportName, input, meta, budget) : this.queue.then(() => this.callNow(exportName, input, meta, budget));
    this.pending++;
    this.queue = run.catch(() => undefined).finally(() => this.pending--);
    return run;
  }

  /** Whether a fault left the instance to be rebuilt before its next call. */
  get needsRebuild(): boolean {
    return this.broken;
  }

  /**
   * Rebuilds the instance now if a fault left it broken (queued behind calls in flight), so that
   * the next call does not pay for it; rejects when instantiating fails (a start function's trap).
   */
  rebuild(): Promise<void> {
    const run = this.queue.then(() => (this.broken ? this.instantiate() : undefined));
    this.pending++;
    this.queue = run.catch(() => undefined).finally(() => this.pending--);
    return run;
  }

  private async callNow(exportName: ExportName, input: unknown, meta: CallMeta, budget: number): Promise<CallResult> {
    const slug = this.spec.slug;
    if (this.broken) await this.instantiate();
    if (!this.exportNames.has(exportName)) throw new PluginCallError(slug, "missing_export", `does not export ${exportName}`);
    this.meta = meta;
    this.abort = null;
    const hits = (this.hits = new LimitsHit());
    this.pluginError = null;
    let bytes: Uint8Array | null;
    try {
      bytes = (await this.metered.call(exportName, JSON.stringify(input), budget)).output?.bytes() ?? null;
      if (this.pluginError) throw this.errorSet(this.pluginError);
      // The host decodes, scans and parses the output after the call: its bytes are charged to the
      // call's fuel first, so that a slice cannot end with megabytes for the request thread to read.
      if (bytes && this.metered.remainingFuel < BigInt(bytes.byteLength >> HOST_FUEL.outputShift)) {
        this.broken = true;
        hits.note("fuel");
        throw new PluginCallError(slug, "budget", `exceeded its instruction budget of ${budget} reading its ${bytes.byteLength}-byte output (limit fuel)`);
      }
      return { output: this.checkOutput(exportName, bytes), limits: hits.list(), usage: this.usage(hits) };
    } catch (e) {
      const err = e instanceof PluginCallError ? e : this.classify(e, budget);
      err.limits = hits.list();
      err.usage = this.usage(hits);
      throw err;
    } finally {
      this.meta = null;
    }
  }

  private usage(hits: LimitsHit): CallUsage {
    const u = this.metered.lastUsage;
    return { fuel: u.fuel, memory_bytes: u.memoryBytes, host_memory_bytes: u.hostMemoryBytes, host_calls: hits.hostCalls };
  }

  private checkOutput(exportName: ExportName, bytes: Uint8Array | null): unknown {
    const slug = this.spec.slug;
    if (!bytes || bytes.byteLength === 0) throw new PluginCallError(slug, "output_json", `${exportName} produced no output`);
    if (bytes.byteLength > this.spec.limits.maxOutputBytes) {
      this.hits.note("max_output_bytes");
      throw new PluginCallError(slug, "output_size", `${exportName} output is ${bytes.byteLength} bytes, over the limit of ${this.spec.limits.maxOutputBytes}`);
    }
    // Checked before parsing: 100,000 levels parse, then fail to serialise as an anonymous 500.
    if (jsonDepthOver(bytes, CALL_LIMITS.outputDepth)) {
      this.hits.note("output_depth");
      throw new PluginCallError(slug, "limit", `${exportName} output nests deeper than ${CALL_LIMITS.outputDepth} levels (limit output_depth)`);
    }
    let output: unknown;
    try {
      output = JSON.parse(utf8.decode(bytes));
    } catch (e) {
      throw new PluginCallError(slug, "output_json", `${exportName} output is not JSON: ${(e as Error).message}`);
    }
    const checker = outputCheckers[exportName];
    if (!checker.Check(output)) {
      // Explained branch by branch: a bare "Expected union value" at / names no field.
      const problems = formatSchemaProblems(explainSchemaErrors(EXPORTS[exportName].output, output, 3));
      throw new PluginCallError(slug, "output_schema", `${exportName} output does not match the ABI schema at ${problems}`);
    }
    return output;
  }

  /** The plugin's own error (error_set), its text cut at error_bytes. */
  private errorSet(e: { text: string; length: number }): PluginCallError {
    const detail = this.cut(e.text, e.length, CALL_LIMITS.errorBytes, "error_bytes");
    return new PluginCallError(this.spec.slug, "plugin_error", detail || "the plugin reported an error");
  }

  /** Names the cause of a failed call; marks the instance for rebuilding when its state is suspect. */
  private classify(e: unknown, budget: number): PluginCallError {
    const slug = this.spec.slug;
    const message = e instanceof Error ? e.message : String(e);
    const fail = (failure: PluginFailure, detail: string, broken = true) => {
      this.broken = broken;
      return new PluginCallError(slug, failure, detail);
    };
    if (this.abort) {
      if (this.abort.limit) this.hits.note(this.abort.limit);
      return fail(this.abort.failure, this.abort.message);
    }
    if (message.startsWith(PLUGIN_ERROR_PREFIX)) {
      // (only from a plugin that bypasses error_set's import: the host's own error_set is below)
      // error_set's block is bounded by host_memory_bytes, its text here by errorBytes (it used to
      // reach the HTTP answer whole: a 96 MB error body).
      const text = message.slice(PLUGIN_ERROR_PREFIX.length);
      const bytes = encoder.encode(text).length;
      const detail = bytes > CALL_LIMITS.errorBytes ? this.cut(text.slice(0, CALL_LIMITS.errorBytes), bytes, CALL_LIMITS.errorBytes, "error_bytes") : text;
      return fail("plugin_error", detail || "the plugin reported an error", false);
    }
    if (e instanceof PluginBudgetExceeded) {
      this.hits.note("fuel");
      return fail("budget", `exceeded its instruction budget of ${budget} (infinite loop?) (limit fuel)`);
    }
    if (e instanceof PluginStackOverflow) return fail("stack", "stack overflow (runaway recursion?)");
    if (e instanceof PluginMemoryExceeded) {
      const host = e.reason === "host-memory";
      this.hits.note(host ? "host_memory" : "linear_memory");
      const what = host
        ? `allocated more than ${this.spec.limits.hostMemoryBytes} bytes of host memory in one call (limit host_memory)`
        : `reached its memory limit of ${this.spec.limits.memoryPages} pages and trapped (limit linear_memory)`;
      return fail("memory", what);
    }
    if (e instanceof WebAssembly.RuntimeError) return fail("trap", `trapped: ${message}`);
    // The SDK's kernel writes blocks through a DataView: past a block's end it throws this RangeError.
    if (e instanceof RangeError && message === "Out of bounds access") return fail("trap", `failed: ${message}: ${BLOCK_OVERRUN_HINT}`);
    return fail("trap", `failed: ${message}`);
  }

  async close(): Promise<void> {
    await this.plugin.close();
  }
}
