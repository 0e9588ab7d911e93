import type { CallContext } from "@extism/extism";
import type { PluginLimit } from "../core/plugin-errors.ts";

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
 * Fuel the host charges for work it does on a plugin's behalf, on the scale of unoptimised
 * WebAssembly (~10 ns per fuel), so that the hybrid executor's 1 M-fuel inline slice stays ~10 ms
 * of the request thread whatever the plugin calls. Measured on the demo data (2 shared cores):
 * one `bv_search` costs 0.3–2 ms (0.3 ms for a single row) and ~20–40 ns per byte of its JSON
 * answer; decoding and copying bytes (keys, log lines, requests) ~1–10 ns per byte.
 */
export const HOST_FUEL = {
  /** A `bv_*` call: ~1 ms of queries and checks. */
  perHostCall: 100_000,
  /** Each byte of a `bv_*` request (parsed and validated). */
  perRequestByte: 1,
  /**
   * Each row a `bv_search` may return (its `limit`, default 100), reserved before the query and
   * given back for rows not returned: ~24 µs a fat row here, so an inline slice reads ≤ ~225 rows.
   */
  perSearchRow: 4000,
  /** Each byte of a `bv_*` answer (built from the database and serialised). */
  perAnswerByte: 2,
  /** A kernel call that decodes or copies bytes (log line, key, variable, alloc), plus bytes >> 4. */
  perKernelCall: 200,
  bytesShift: 4,
  /**
   * The output: 1 per 4 bytes, which the host decodes, scans and parses after the call (~1.5 ns a
   * byte: a 15 MiB output of zeros took 22 ms to refuse), charged before it reads them.
   */
  outputShift: 2,
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
