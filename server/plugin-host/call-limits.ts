import type { CallContext } from "@extism/extism";
import type { PluginLimit } from "./errors.ts";

/** Per-call caps on what a plugin makes the host do (ABI.md §5 lists them). */
export const CALL_LIMITS = {
  /** Lines one call may log, `log_*` and `bv_log` together; further lines are dropped. */
  logLines: 100,
  /** Bytes of one log line; longer ones are cut (and marked so). */
  logLineBytes: 4096,
  /** Bytes of an `error_set` message; longer ones are cut. */
  errorBytes: 4096,
  /** Calls of `extism:host/user` functions (`bv_*`) in one plugin call; one more aborts the call. */
  hostCalls: 1000,
  /** Bytes of one `bv_*` request; a larger one aborts the call. */
  hostRequestBytes: 256 * 1024,
  /** Bytes of a key given to `var_get`, `var_set` or `config_get`; a longer one aborts the call. */
  kernelKeyBytes: 1024,
  /** Bytes of Extism variables (`var_set`) a plugin instance may keep. */
  varBytes: 1024 * 1024,
  /** Nesting depth of a call's JSON output ([ and {); deeper is the plugin's error. */
  outputDepth: 64,
} as const;

/**
 * Fuel the host charges for work it does on a plugin's behalf, on the same scale as WebAssembly
 * instructions (~5–10 ns each before the JIT): a `bv_*` call runs a query (tens to hundreds of µs),
 * and every byte the host decodes, copies or stores costs 1/16 like bulk memory.
 */
export const HOST_FUEL = {
  perHostCall: 20_000,
  perKernelCall: 100,
  bytesShift: 4,
} as const;

export const bytesFuel = (bytes: number): bigint => BigInt(Math.max(0, Math.floor(bytes)) >> HOST_FUEL.bytesShift);

const lossy = new TextDecoder("utf-8");

/** Up to `max` bytes of a block as text (decoding only those), with how long the block really is. */
export function readCapped(cp: CallContext, offset: bigint, max: number): { text: string; length: number } | null {
  const view = cp.read(offset);
  if (!view) return null;
  const all = view.bytes(); // a view of the block, not a copy
  const length = all.length;
  const head = all.subarray(0, Math.min(length, max));
  return { text: lossy.decode(head), length };
}

/** Limits one call ran into (fatal or not), for the call's outcome and the plugin's statistics. */
export class LimitsHit {
  readonly hit = new Set<PluginLimit>();
  logLines = 0;
  hostCalls = 0;

  note(limit: PluginLimit): void {
    this.hit.add(limit);
  }

  list(): PluginLimit[] {
    return [...this.hit];
  }
}
