import type { Plugin, PluginOutput } from "@extism/extism";
import { PluginBudgetExceeded, PluginMemoryExceeded, PluginSandboxError, PluginStackOverflow } from "./errors.ts";
import type { KernelGuard } from "./kernel-guard.ts";
import { PAGE_BYTES } from "./memory-cap.ts";
import type { PreparedModule } from "./prepare.ts";

/** Output of one metered call. */
export interface MeteredResult {
  output: PluginOutput | null;
  /** Fuel the call consumed (an upper bound on the instructions it ran). */
  fuelUsed: bigint;
}

/** What the last call used, read as it ended (after a failure too). */
export interface MeteredUsage {
  /** Fuel consumed, host work included; at most the call's budget. */
  fuel: number;
  /** Linear memory at the end of the call: memory only grows, so this is its peak. */
  memoryBytes: number;
  /** Host blocks (alloc, config_get, var_get, host answers) held when the call ended, in bytes. */
  hostMemoryBytes: number;
}

function exportedGlobal(instance: WebAssembly.Instance, name: string): WebAssembly.Global {
  const g = instance.exports[name];
  if (!(g instanceof WebAssembly.Global)) {
    throw new Error(`plugin instance has no global export "${name}": was it built from prepareModule() bytes, in the foreground?`);
  }
  return g;
}

/**
 * One Extism plugin created from prepareModule() bytes, with its fuel and grow flag reachable
 * through the instance's exports (foreground plugins only: `runInWorker: false`).
 */
export class MeteredPlugin {
  /** Calls run one after another: the SDK's reset() between two interleaved calls would drop the other's blocks. */
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  /** Budget of the call running now (for the error when host work exhausts it). */
  private budget = 0n;
  /** What the last call used (see MeteredUsage). */
  lastUsage: MeteredUsage = { fuel: 0, memoryBytes: 0, hostMemoryBytes: 0 };

  private constructor(
    readonly plugin: Plugin,
    private readonly prepared: PreparedModule,
    private readonly guard: KernelGuard | null,
    private readonly fuel: WebAssembly.Global,
    private readonly growDenied: WebAssembly.Global | null,
    private readonly memory: WebAssembly.Memory | null,
  ) {}

  /** Wraps a plugin created with `{ wasm: [{ data: prepared.bytes }] }` and, ideally, `guard.functions`. */
  static async attach(plugin: Plugin, prepared: PreparedModule, guard: KernelGuard | null = null): Promise<MeteredPlugin> {
    const instance = await plugin.getInstance();
    const fuel = exportedGlobal(instance, prepared.fuelExport);
    const grow = prepared.growDeniedExport ? exportedGlobal(instance, prepared.growDeniedExport) : null;
    const memory = instance.exports.memory instanceof WebAssembly.Memory ? instance.exports.memory : null;
    return new MeteredPlugin(plugin, prepared, guard, fuel, grow, memory);
  }

  /** Fuel left in the instance (negative after a budget trap). */
  get remainingFuel(): bigint {
    return this.fuel.value as bigint;
  }

  /**
   * Calls `funcName` with `fuel` (default: the prepared limit), then always resets the plugin's host blocks (and the
   * guard's count). Errors come back as PluginBudgetExceeded, PluginMemoryExceeded or
   * PluginStackOverflow when the sandbox stopped the call; any other error (the plugin's own trap,
   * `error_set`) is rethrown as is. After any error, prefer a fresh instance: the trap may have
   * left the plugin's own memory half-updated.
   */
  call(funcName: string, input?: string | Uint8Array, fuel: bigint | number = this.prepared.limits.fuel): Promise<MeteredResult> {
    // Idle: run at once (a promise hop per call is measurable at ~10 µs a call); busy: queue.
    const run = this.pending === 0 ? this.callNow(funcName, input, BigInt(fuel)) : this.queue.then(() => this.callNow(funcName, input, BigInt(fuel)));
    this.pending++;
    this.queue = run.catch(() => undefined).finally(() => this.pending--);
    return run;
  }

  /**
   * Charges work the host does for the running call (host functions) to its fuel; throws
   * PluginBudgetExceeded when that exhausts it, which unwinds the WebAssembly call.
   */
  chargeFuel(units: bigint): void {
    const left = (this.fuel.value as bigint) - units;
    this.fuel.value = left;
    if (left < 0n) throw new PluginBudgetExceeded(this.budget);
  }

  private async callNow(funcName: string, input: string | Uint8Array | undefined, budget: bigint): Promise<MeteredResult> {
    this.budget = budget;
    this.fuel.value = budget;
    if (this.growDenied) this.growDenied.value = 0;
    this.guard?.reset();
    try {
      const output = await this.plugin.call(funcName, input);
      return { output, fuelUsed: budget - this.remainingFuel };
    } catch (err) {
      throw this.classify(err, budget);
    } finally {
      const used = budget - this.remainingFuel;
      this.lastUsage = {
        fuel: Number(used > budget ? budget : used),
        memoryBytes: this.memory?.buffer.byteLength ?? 0,
        hostMemoryBytes: this.guard?.usedBytes ?? 0,
      };
      await this.plugin.reset();
      this.guard?.reset();
    }
  }

  /** Maps an error thrown by a call to the sandbox's error classes, using the instance's state. */
  classify(err: unknown, budget: bigint): unknown {
    if (err instanceof PluginSandboxError) return err;
    if (this.remainingFuel < 0n) return new PluginBudgetExceeded(budget, { cause: err });
    if (this.growDenied?.value === 1 && err instanceof WebAssembly.RuntimeError) {
      const limit = this.prepared.limits.memoryPages * PAGE_BYTES;
      return new PluginMemoryExceeded("linear-memory", limit, "memory.grow was refused, then the plugin trapped", { cause: err });
    }
    if (err instanceof RangeError && /call stack/i.test(err.message)) return new PluginStackOverflow({ cause: err });
    return err;
  }
}
