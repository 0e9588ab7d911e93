import type { PluginLimits as ManifestLimits } from "../../plugin-sdk/schema/index.ts";
import { DEFAULT_LIMITS, type SandboxLimits } from "./sandbox/index.ts";

/** The limits a manifest may raise (plugin.json `limits`), and the most any plugin may ask for of each. */
export type ManifestMaxima = Pick<SandboxLimits, "fuel" | "memoryPages" | "maxOutputBytes" | "hostMemoryBytes">;

export const MAX_LIMITS: Readonly<ManifestMaxima> = {
  fuel: 2_000_000_000,
  memoryPages: 4096, // 256 MiB
  maxOutputBytes: 16 * 1024 * 1024,
  hostMemoryBytes: 256 * 1024 * 1024,
};

/** Largest plugin.wasm the server reads and compiles (checked before compiling; also by its file size at discovery). */
export const MAX_MODULE_BYTES = DEFAULT_LIMITS.module.moduleBytes;

/** Limits in force for one plugin: its manifest's, else the sandbox defaults, capped by the maximums. */
export function manifestLimits(requested: ManifestLimits | undefined, max: ManifestMaxima = MAX_LIMITS): SandboxLimits {
  const pick = (v: number | undefined, dflt: number, cap: number) => Math.min(v ?? dflt, cap);
  return {
    ...DEFAULT_LIMITS,
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
