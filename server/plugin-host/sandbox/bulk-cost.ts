import { ByteWriter } from "./bytes.ts";
import type { BodyHooks } from "./body-rewriter.ts";
import { Bulk, Op } from "./instructions.ts";
import { ExternKind, ValType, ensureType, importCount, type WasmModule } from "./wasm-module.ts";

/**
 * What a bulk instruction costs on top of its own one fuel, from its length operand (always the
 * top of the stack): native code fills 16 MiB in ~1–2 ms (PLATFORM-FACTS), about what 150 k fuel of
 * plain instructions take, so one unit per 16 bytes over-charges several times; a table element
 * (a pointer and its write barrier) two units each (table.fill ran ~10 ns an element).
 * `memory.grow` is charged for the pages it asks for *and* the pages the memory already has, each
 * as many units as filling a page: once the engine runs out of reserved "fast" memories (a few
 * plugins loaded), a memory grows by reallocation and copy, ~37 µs per page it already has
 * (240 grows of one page held the thread ~1 s inside a 1 M slice); plus a base for the call into
 * the engine (~65 ns even for `memory.grow(0)`: 13 ms per 1 M fuel at 5 fuel a grow).
 */
const BULK_COST = {
  /** Right shift of a byte count: fuel = bytes >> 4. */
  bytesShift: 4,
  /** Fuel per table element. */
  perElement: 2,
  /** Fuel per page asked for and per page the memory has when it grows. */
  perPage: 65536 >> 4,
  /** Fuel per `memory.grow`, whatever it asks for. */
  perGrow: 64,
} as const;

const BYTE_OPS = new Set<number>([Bulk.memoryFill, Bulk.memoryCopy, Bulk.memoryInit]);
const ELEMENT_OPS = new Set<number>([Bulk.tableFill, Bulk.tableCopy, Bulk.tableInit, Bulk.tableGrow]);

/**
 * `(param $n i32) (result i32)`: fuel -= cost($n); trap (fuel left negative) when it runs out; return $n.
 * `scale` is either a right shift (bytes) or a multiplier (elements, pages); `base` is added to every charge.
 */
function chargeFunction(fuelGlobal: number, scale: { shift: number } | { times: number }, base = 0, plusMemorySize = false): Uint8Array {
  const w = new ByteWriter()
    .byte(Op.globalGet).u32(fuelGlobal)
    .byte(Op.localGet).u32(0)
    .byte(Op.i64ExtendI32U);
  if (plusMemorySize) w.byte(Op.memorySize).byte(0).byte(Op.i64ExtendI32U).byte(Op.i64Add);
  if ("shift" in scale) w.byte(Op.i64Const).signed(scale.shift).byte(Op.i64ShrU);
  else if (scale.times !== 1) w.byte(Op.i64Const).signed(scale.times).byte(Op.i64Mul);
  if (base) w.byte(Op.i64Const).signed(base).byte(Op.i64Add);
  return w
    .byte(Op.i64Sub)
    .byte(Op.globalSet).u32(fuelGlobal)
    .byte(Op.globalGet).u32(fuelGlobal)
    .byte(Op.i64Const).signed(0)
    .byte(Op.i64LtS)
    .byte(Op.if).byte(0x40)
    .byte(Op.unreachable)
    .byte(Op.end)
    .byte(Op.localGet).u32(0)
    .byte(Op.end)
    .toBytes();
}

/**
 * Appends three charging functions (after every other function: no index moves) and returns a
 * `replace` hook that calls the right one just before each bulk instruction and `memory.grow`,
 * so their cost follows their length at run time rather than counting as one instruction.
 * `fuelGlobal` is the index of the fuel global (see fuel.ts).
 */
export function addBulkCharges(mod: WasmModule, fuelGlobal: number): Required<Pick<BodyHooks, "replace">> {
  const type = ensureType(mod, { params: [ValType.i32], results: [ValType.i32] });
  // (Without a memory there is no memory.grow, and memory.size would not validate.)
  const hasMemory = mod.memories.length > 0 || importCount(mod, ExternKind.memory) > 0;
  const add = (code: Uint8Array): number => {
    const index = importCount(mod, ExternKind.func) + mod.functions.length;
    mod.functions.push(type);
    mod.codes.push({ locals: new Uint8Array([0]), code });
    return index;
  };
  const call = (index: number) => new ByteWriter().byte(Op.call).u32(index).toBytes();
  const bytes = call(add(chargeFunction(fuelGlobal, { shift: BULK_COST.bytesShift })));
  const elements = call(add(chargeFunction(fuelGlobal, { times: BULK_COST.perElement })));
  const pages = call(add(chargeFunction(fuelGlobal, { times: BULK_COST.perPage }, BULK_COST.perGrow, hasMemory)));
  const prefix = (op: number): Uint8Array | null =>
    BYTE_OPS.has(op) ? bytes : ELEMENT_OPS.has(op) ? elements : op === Op.memoryGrow ? pages : null;
  return {
    replace: (ins, original) => {
      const pre = prefix(ins.op);
      if (!pre) return null;
      const out = new Uint8Array(pre.length + original.length);
      out.set(pre);
      out.set(original, pre.length);
      return out;
    },
  };
}
