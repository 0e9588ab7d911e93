import { DEFAULT_MODULE_CAPS, type ModuleCaps } from "./module-caps.ts";

/**
 * Every resource limit of one plugin: the one limits type of the plugin host and its sandbox, and
 * (with DEFAULT_LIMITS) the one place each default is stated. Plain numbers, so a plugin's limits
 * cross to a plugin process as JSON. The plugin host fills it from the manifest (../limits.ts).
 */
export interface SandboxLimits {
  /** Default instruction budget of one call (fuel ≈ WebAssembly instructions, charged up front per straight-line segment). */
  fuel: number;
  /**
   * Fuel a start function gets while the module is instantiated (the fuel global's initial value,
   * capped by `fuel`): instantiation happens on whatever thread builds the instance, after every
   * trap too, so it gets a small budget of its own rather than a call's.
   */
  startFuel: number;
  /** Ceiling of the plugin's own linear memory, in 64 KiB pages. */
  memoryPages: number;
  /** Ceiling of the table sizes (function pointers), in elements. */
  tableElements: number;
  /** Ceiling of the bytes one call may allocate in the host's Extism kernel (alloc, config_get), until reset. */
  hostMemoryBytes: number;
  /** Largest output of one call, in bytes: checked by the plugin host when it reads the output. */
  maxOutputBytes: number;
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
 * Defaults: 10 M fuel ends an infinite loop in ~37–90 ms here even before the engine optimises it
 * (MEASURED below, README), 16 MiB of linear memory, 16 MiB of host blocks, 1 MiB of output.
 */
export const DEFAULT_LIMITS: Readonly<SandboxLimits> = {
  fuel: 10_000_000,
  startFuel: 1_000_000,
  memoryPages: 256,
  tableElements: 65_536,
  hostMemoryBytes: 16 * 1024 * 1024,
  maxOutputBytes: 1024 * 1024,
  module: DEFAULT_MODULE_CAPS,
};

/**
 * Measured timings the docs quote (2 shared cores, Bun 1.4.4; `bench/plugin-sandbox.ts`): wall
 * time of DEFAULT_LIMITS.fuel spent by `loop br 0` on a fresh instance, the worst case for how
 * long a budget lasts; hence about `nsPerFuel` ns per unit of fuel at worst.
 */
export const MEASURED = { defaultFuelLoopMs: [37, 90], nsPerFuel: 10 } as const;

/** Fills in defaults and checks ranges (a bad value is the host's programming error, not a plugin's). */
export function resolveLimits(input: SandboxLimitsInput = {}): SandboxLimits {
  const l: SandboxLimits = {
    fuel: Number(input.fuel ?? DEFAULT_LIMITS.fuel),
    startFuel: Number(input.startFuel ?? DEFAULT_LIMITS.startFuel),
    memoryPages: input.memoryPages ?? DEFAULT_LIMITS.memoryPages,
    tableElements: input.tableElements ?? DEFAULT_LIMITS.tableElements,
    hostMemoryBytes: input.hostMemoryBytes ?? DEFAULT_LIMITS.hostMemoryBytes,
    maxOutputBytes: input.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
    module: { ...DEFAULT_MODULE_CAPS, ...input.module },
  };
  if (!Number.isSafeInteger(l.fuel) || l.fuel <= 0) throw new RangeError("fuel must be an integer in 1..2^53-1");
  if (!Number.isSafeInteger(l.startFuel) || l.startFuel < 0) throw new RangeError("startFuel must be a non-negative integer");
  if (l.startFuel > l.fuel) l.startFuel = l.fuel;
  if (!Number.isInteger(l.memoryPages) || l.memoryPages < 0 || l.memoryPages > 65_536) {
    throw new RangeError("memoryPages must be an integer in 0..65536");
  }
  if (!Number.isInteger(l.tableElements) || l.tableElements < 0) throw new RangeError("tableElements must be a non-negative integer");
  if (!Number.isInteger(l.hostMemoryBytes) || l.hostMemoryBytes < 0) throw new RangeError("hostMemoryBytes must be a non-negative integer");
  if (!Number.isInteger(l.maxOutputBytes) || l.maxOutputBytes < 0) throw new RangeError("maxOutputBytes must be a non-negative integer");
  return l;
}
