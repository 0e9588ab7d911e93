import type { CallContext } from "@extism/extism";
import { PluginMemoryExceeded } from "./errors.ts";

/** What one host block costs besides its bytes (the Block object, DataView, array slot). */
export const BLOCK_OVERHEAD = 128;

type GuardedEnv = {
  alloc: (ctx: CallContext, size: bigint) => bigint;
  config_get: (ctx: CallContext, addr: bigint) => bigint;
};

/** Host-side accounting of the Extism kernel memory a plugin allocates between resets. */
export interface KernelGuard {
  /** Merge into `ExtismPluginOptions.functions`; replaces the SDK's own `alloc` and `config_get`. */
  readonly functions: { "extism:host/env": GuardedEnv };
  /** Bytes charged since the last `reset()`. */
  readonly usedBytes: number;
  /** Counts `bytes` the host stores in a block for the plugin (host function answers); throws PluginMemoryExceeded past the limit. */
  charge(bytes: number, what: string): void;
  /** Call together with `plugin.reset()`, which frees the blocks these bytes paid for. */
  reset(): void;
}

/**
 * @extism/extism 1.0.3 lets a plugin `alloc` any size any number of times: every block lives in
 * the host's JS heap until `plugin.reset()`, so a loop of `alloc` is a memory bomb that no
 * linear-memory cap sees. The SDK binds `functions["extism:host/env"]` over its own kernel
 * functions, so these wrappers take their place and throw PluginMemoryExceeded (which unwinds
 * the WebAssembly call) once `hostMemoryBytes` would be passed. `config_get` is replaced too because
 * each call stores a fresh copy of the value; the plugin's config must therefore be given here
 * (the SDK's own copy is no longer consulted).
 */
export function createKernelGuard(hostMemoryBytes: number, config: Readonly<Record<string, string>> = {}): KernelGuard {
  let used = 0;
  const charge = (bytes: number, what: string) => {
    // NaN-proof: a size that is not a finite non-negative number counts as infinite, and the test
    // is written so that a NaN total fails it (`!(next <= limit)`), never passes it.
    const size = Number.isFinite(bytes) && bytes >= 0 ? bytes : Number.MAX_SAFE_INTEGER;
    const next = used + size + BLOCK_OVERHEAD;
    if (!(next <= hostMemoryBytes)) {
      throw new PluginMemoryExceeded("host-memory", hostMemoryBytes, `${what} would bring host blocks to ${next} bytes`);
    }
    used = next;
  };
  const encoder = new TextEncoder();
  const functions = {
    "extism:host/env": {
      alloc: (ctx: CallContext, size: bigint): bigint => {
        // i64 from the guest: negative means a huge unsigned size; anything but a BigInt (a module
        // importing alloc under another type: refused at load by the plugin host) is refused too.
        const bytes = typeof size !== "bigint" || size < 0n || size > BigInt(hostMemoryBytes) ? Number.MAX_SAFE_INTEGER : Number(size);
        charge(bytes, `alloc(${size})`);
        return ctx.alloc(bytes);
      },
      config_get: (ctx: CallContext, addr: bigint): bigint => {
        const key = ctx.read(addr)?.string();
        if (key === undefined || !Object.hasOwn(config, key)) return 0n;
        const value = config[key];
        charge(encoder.encode(value).length, `config_get("${key}")`);
        return ctx.store(value);
      },
    },
  };
  return {
    functions,
    charge,
    get usedBytes() {
      return used;
    },
    reset() {
      used = 0;
    },
  };
}
