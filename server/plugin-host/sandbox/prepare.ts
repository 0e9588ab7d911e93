import { rewriteBodies, type BodyHooks } from "./body-rewriter.ts";
import { addFuelMetering, FUEL_EXPORT } from "./fuel.ts";
import { resolveLimits, type SandboxLimits, type SandboxLimitsInput } from "./limits.ts";
import { addBulkCharges } from "./bulk-cost.ts";
import { checkModuleCaps, shareTableElements } from "./module-caps.ts";
import { addGrowGuard, capLimits, GROW_DENIED_EXPORT } from "./memory-cap.ts";
import { PluginModuleRejected } from "./errors.ts";
import { ExternKind, importCount } from "./wasm-module.ts";
import { readModule } from "./wasm-reader.ts";
import { writeModule } from "./wasm-writer.ts";

/** A module rewritten to run under the sandbox's limits. */
export interface PreparedModule {
  /** The rewritten WebAssembly binary, to hand to Extism as `{ wasm: [{ data: bytes }] }`. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Export name of the mutable i64 fuel global: set before each call, read after. */
  fuelExport: string;
  /** Export name of the i32 flag set when `memory.grow` was refused, or null if the module has no memory. */
  growDeniedExport: string | null;
  /** The limits the bytes were prepared for. */
  limits: SandboxLimits;
}

/**
 * Rewrites a plugin module so it cannot run past its fuel, grow memory or tables past their
 * caps, and reports refused growth. Throws PluginModuleRejected for malformed modules and for
 * features it cannot meter (SIMD, threads, GC, exceptions, multi-memory, memory64).
 */
export function prepareModule(bytes: Uint8Array, limits: SandboxLimitsInput = {}): PreparedModule {
  const resolved = resolveLimits(limits);
  if (bytes.length > resolved.module.moduleBytes) {
    throw new PluginModuleRejected("limits", `module is ${bytes.length} bytes, over the limit of ${resolved.module.moduleBytes}`);
  }
  // What the engine accepts is the ground truth the reader must match: an invalid module never gets
  // as far as the rewriter, so the reader only has to be exact on valid ones.
  if (!WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) throw new PluginModuleRejected("invalid-module", "the engine does not accept this module as valid WebAssembly");
  const mod = readModule(bytes);
  checkModuleCaps(mod, resolved.module);
  capLimits(mod, resolved.memoryPages, resolved.tableElements);
  shareTableElements(mod, resolved.module.totalTableElements);
  const original = mod.codes.length;
  const fuelGlobal = importCount(mod, ExternKind.global) + mod.globals.length;
  const fuel = addFuelMetering(mod, BigInt(resolved.startFuel));
  const grow = addGrowGuard(mod);
  const bulk = addBulkCharges(mod, fuelGlobal);
  const hooks: BodyHooks = {
    ...fuel,
    // memory.grow becomes `call $chargePages; call $growGuard`: the grow guard's call, prefixed.
    replace: (ins, bytes) => bulk.replace(ins, grow.replace?.(ins, bytes) ?? bytes) ?? grow.replace?.(ins, bytes) ?? null,
  };
  rewriteBodies(mod, hooks, original);
  return {
    bytes: writeModule(mod),
    fuelExport: FUEL_EXPORT,
    growDeniedExport: grow.replace ? GROW_DENIED_EXPORT : null,
    limits: resolved,
  };
}
