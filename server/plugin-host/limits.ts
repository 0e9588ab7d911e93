import type { PluginLimits } from "../../plugin-sdk/schema/index.ts";

/** Limits in force for one plugin: its manifest's, capped by the operator's maximums. */
export interface ResolvedLimits {
  fuel: number;
  memoryPages: number;
  maxOutputBytes: number;
  hostMemoryBytes: number;
}

/** Defaults when a manifest is silent: 10M fuel ends an infinite loop in ~35–90 ms here (sandbox/README.md). */
export const DEFAULT_LIMITS: ResolvedLimits = {
  fuel: 10_000_000,
  memoryPages: 256, // 16 MiB
  maxOutputBytes: 1024 * 1024,
  hostMemoryBytes: 16 * 1024 * 1024,
};

/** The most any plugin may ask for, whatever its manifest says. */
export const MAX_LIMITS: ResolvedLimits = {
  fuel: 2_000_000_000,
  memoryPages: 4096, // 256 MiB
  maxOutputBytes: 16 * 1024 * 1024,
  hostMemoryBytes: 256 * 1024 * 1024,
};

/** Largest plugin.wasm the server reads and compiles (checked before compiling; also by its file size at discovery). */
export const MAX_MODULE_BYTES = 16 * 1024 * 1024;

export function resolveLimits(requested: PluginLimits | undefined, max: ResolvedLimits = MAX_LIMITS): ResolvedLimits {
  const pick = (v: number | undefined, dflt: number, cap: number) => Math.min(v ?? dflt, cap);
  return {
    fuel: pick(requested?.fuel, DEFAULT_LIMITS.fuel, max.fuel),
    memoryPages: pick(requested?.memory_pages, DEFAULT_LIMITS.memoryPages, max.memoryPages),
    maxOutputBytes: pick(requested?.max_output_bytes, DEFAULT_LIMITS.maxOutputBytes, max.maxOutputBytes),
    hostMemoryBytes: pick(requested?.host_memory_bytes, DEFAULT_LIMITS.hostMemoryBytes, max.hostMemoryBytes),
  };
}

/**
 * A call's wall-time deadline in a plugin process, where it is SIGKILLed when it runs over: the
 * manifest's `deadline_ms`, else a grace plus its fuel at a pessimistic 10,000 fuel/ms (metered
 * code runs ~40,000/ms here), so a call that could finish within its budget is never cut short.
 */
export const DEADLINE = { graceMs: 1000, fuelPerMs: 10_000, maxMs: 300_000 } as const;

export function callDeadlineMs(fuel: number, requested?: number): number {
  return Math.min(requested ?? DEADLINE.graceMs + Math.ceil(fuel / DEADLINE.fuelPerMs), DEADLINE.maxMs);
}
