import { ByteWriter } from "./bytes.ts";
import type { BodyHooks } from "./body-rewriter.ts";
import { PluginModuleRejected } from "./errors.ts";
import { Op } from "./instructions.ts";
import { ExternKind, ValType, importCount, type WasmModule } from "./wasm-module.ts";

/** Name under which the rewritten module exports its mutable i64 "fuel remaining" global. */
export const FUEL_EXPORT = "__binventory_fuel";

/** Instructions in one check: they run too, so they are charged, which keeps fuel ≈ work done. */
const CHECK_COST = 10;

/**
 * Static costs above one fuel per instruction, for what takes longer than a plain instruction
 * (measured by tests/plugin-slice-bound.test.ts; ABI.md §5.1): a call of an imported (kernel or
 * host) function crosses into JavaScript (~50–120 ns: input_load_u8, store_u8, length… made 1 M fuel last 18–30 ms at 3 fuel a call); a function's locals
 * are zeroed on every entry (a function with 40,000 locals made 1 M fuel last ~0.4 s).
 */
const INSTRUCTION_COST = {
  /** Fuel for a `call` of an imported function, on top of what the host charges for its work. */
  importCall: 20,
  /** Fuel per function entry = declared locals >> localsShift (one unit per 4 locals). */
  localsShift: 2,
} as const;

/**
 * `fuel -= cost; if (fuel < 0) unreachable` — CHECK_COST instructions. The trap leaves the
 * global negative, which is how the host tells it from the plugin's own `unreachable`
 * (every check that passes leaves fuel >= 0).
 */
function charge(globalIndex: number, cost: number): Uint8Array {
  return new ByteWriter()
    .byte(Op.globalGet).u32(globalIndex)
    .byte(Op.i64Const).signed(cost)
    .byte(Op.i64Sub)
    .byte(Op.globalSet).u32(globalIndex)
    .byte(Op.globalGet).u32(globalIndex)
    .byte(Op.i64Const).signed(0)
    .byte(Op.i64LtS)
    .byte(Op.if).byte(0x40)
    .byte(Op.unreachable)
    .byte(Op.end)
    .toBytes();
}

/**
 * Adds the exported fuel global and returns
 * the hooks that charge it at every function entry and loop header. The global is appended after
 * the imported and defined globals, so no existing global index moves. It starts at `initial` (the
 * start budget) so a start function (AssemblyScript emits one) is metered while instantiating.
 */
export function addFuelMetering(mod: WasmModule, initial: bigint): BodyHooks {
  const imports = importCount(mod, ExternKind.func);
  if (mod.exports.some((e) => e.name === FUEL_EXPORT)) {
    throw new PluginModuleRejected("invalid-module", `module already exports ${FUEL_EXPORT}`);
  }
  const index = importCount(mod, ExternKind.global) + mod.globals.length;
  mod.globals.push({
    type: { valType: ValType.i64, mutable: true },
    init: new ByteWriter().byte(Op.i64Const).signed(initial).byte(Op.end).toBytes(),
  });
  mod.exports.push({ name: FUEL_EXPORT, kind: ExternKind.global, index });
  return {
    onEntry: (cost, locals) => charge(index, cost + CHECK_COST + (locals >> INSTRUCTION_COST.localsShift)),
    onLoop: (cost) => charge(index, cost + CHECK_COST),
    weight: (ins) => ((ins.op === Op.call || ins.op === Op.returnCall) && ins.index >= 0 && ins.index < imports ? INSTRUCTION_COST.importCall : 1),
  };
}
