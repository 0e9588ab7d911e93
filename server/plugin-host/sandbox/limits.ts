import { DEFAULT_MODULE_CAPS, type ModuleCaps } from "./module-caps.ts";

/** Resource limits of one plugin (names match server/plugin-host/limits.ts). */
export interface SandboxLimits {
  /** Default instruction budget of one call (fuel ≈ WebAssembly instructions, charged up front per straight-line segment). */
  fuel: bigint;
  /**
   * Fuel a start function gets while the module is instantiated (the fuel global's initial value,
   * capped by `fuel`): instantiation happens on whatever thread builds the instance, after every
   * trap too, so it gets a small budget of its own rather than a call's.
   */
  startFuel: bigint;
  /** Ceiling of the plugin's own linear memory, in 64 KiB pages. */
  memoryPages: number;
  /** Ceiling of the table sizes (function pointers), in elements. */
  tableElements: number;
  /** Ceiling of the bytes one call may allocate in the host's Extism kernel (alloc, config_get), until reset. */
  hostMemoryBytes: number;
  /** Caps on what the module declares (size, functions, globals, tables, segments…): checked at load. */
  module: ModuleCaps;
}

/** Limits as callers may give them: any subset, fuel as number or bigint. */
export type SandboxLimitsInput = Partial<Omit<SandboxLimits, "fuel" | "startFuel" | "module">> & {
  fuel?: bigint | number;
  startFuel?: bigint | number;
  module?: Partial<ModuleCaps>;
};

/**
 * Defaults: 10 M fuel ends an infinite loop in ~35–90 ms here even before the engine optimises it
 * (see README), 16 MiB of linear memory, 16 MiB of host blocks.
 */
export const DEFAULT_LIMITS: Readonly<SandboxLimits> = {
  fuel: 10_000_000n,
  startFuel: 1_000_000n,
  memoryPages: 256,
  tableElements: 65_536,
  hostMemoryBytes: 16 * 1024 * 1024,
  module: DEFAULT_MODULE_CAPS,
};

/** Fills in defaults and checks ranges (a bad value is the host's programming error, not a plugin's). */
export function resolveLimits(input: SandboxLimitsInput = {}): SandboxLimits {
  const l: SandboxLimits = {
    fuel: BigInt(input.fuel ?? DEFAULT_LIMITS.fuel),
    startFuel: BigInt(input.startFuel ?? DEFAULT_LIMITS.startFuel),
    memoryPages: input.memoryPages ?? DEFAULT_LIMITS.memoryPages,
    tableElements: input.tableElements ?? DEFAULT_LIMITS.tableElements,
    hostMemoryBytes: input.hostMemoryBytes ?? DEFAULT_LIMITS.hostMemoryBytes,
    module: { ...DEFAULT_MODULE_CAPS, ...input.module },
  };
  if (l.fuel <= 0n || l.fuel >= 1n << 62n) throw new RangeError("fuel must be in 1..2^62");
  if (l.startFuel < 0n) throw new RangeError("startFuel must be non-negative");
  if (l.startFuel > l.fuel) l.startFuel = l.fuel;
  if (!Number.isInteger(l.memoryPages) || l.memoryPages < 0 || l.memoryPages > 65_536) {
    throw new RangeError("memoryPages must be an integer in 0..65536");
  }
  if (!Number.isInteger(l.tableElements) || l.tableElements < 0) throw new RangeError("tableElements must be a non-negative integer");
  if (!Number.isInteger(l.hostMemoryBytes) || l.hostMemoryBytes < 0) throw new RangeError("hostMemoryBytes must be a non-negative integer");
  return l;
}
