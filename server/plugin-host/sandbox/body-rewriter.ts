import { ByteReader, ByteWriter } from "./bytes.ts";
import { decodeExpression, Op, type DecodeContext, type Instr } from "./instructions.ts";
import type { WasmModule } from "./wasm-module.ts";

/** Points where a rewriter may insert code into every defined function body. */
export interface BodyHooks {
  /**
   * Code to run at function entry; `cost` = instructions the body can run before reaching a loop,
   * `locals` = how many locals it declares (the engine zeroes them on every call).
   */
  onEntry?(cost: number, locals: number): Uint8Array | null;
  /** What one instruction counts for in its segment (default 1): more for those slower than plain ones. */
  weight?(instr: Instr): number;
  /** Code to run at the top of each loop iteration; `cost` = instructions one iteration can run outside nested loops. */
  onLoop?(cost: number): Uint8Array | null;
  /** Replacement bytes for one instruction, or null to keep it. */
  replace?(instr: Instr, bytes: Uint8Array): Uint8Array | null;
}

/**
 * Per-segment instruction counts: segment 0 is the function body, then one per `loop` in order.
 * Each instruction counts once towards its innermost enclosing loop (or the body). As there is no
 * backward jump except to a loop header, one entry/iteration runs at most that many instructions
 * outside nested loops, so charging the count up front bounds the real work from above.
 */
function segmentCosts(instrs: Instr[], weight: (ins: Instr) => number = () => 1): number[] {
  const costs = [0];
  const stack: number[] = []; // for each open block: its segment index if a loop, else -1
  let current = 0;
  const segmentOf = () => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i] >= 0) return stack[i];
    return 0;
  };
  for (const ins of instrs) {
    costs[current] += weight(ins);
    if (ins.op === Op.loop) {
      costs.push(0);
      stack.push(costs.length - 1);
      current = costs.length - 1;
    } else if (ins.op === Op.block || ins.op === Op.if) {
      stack.push(-1);
    } else if (ins.op === Op.end && stack.length > 0) {
      stack.pop();
      current = segmentOf();
    }
  }
  return costs;
}

/** Locals a body declares: groups of (count, type); the reader has checked each type is one byte. */
function localCount(locals: Uint8Array): number {
  const r = new ByteReader(locals);
  let n = 0;
  for (let groups = r.u32(); groups > 0; groups--) {
    n += r.u32();
    r.byte();
  }
  return n;
}

function rewriteBody(code: Uint8Array, locals: number, hooks: BodyHooks, ctx: DecodeContext): Uint8Array {
  const instrs = decodeExpression(code, 0, code.length, ctx);
  const costs = segmentCosts(instrs, hooks.weight);
  const out = new ByteWriter();
  const entry = hooks.onEntry?.(costs[0], locals);
  if (entry) out.bytes(entry);
  let loopIndex = 0;
  for (const ins of instrs) {
    const bytes = code.subarray(ins.start, ins.end);
    out.bytes(hooks.replace?.(ins, bytes) ?? bytes);
    if (ins.op === Op.loop) {
      loopIndex++;
      const atLoop = hooks.onLoop?.(costs[loopIndex]);
      if (atLoop) out.bytes(atLoop);
    }
  }
  return out.toBytes();
}

/**
 * Rewrites the first `count` defined function bodies in place through `hooks` (one decode per
 * body); functions a rewriter appended itself come after `count` and stay as they are.
 */
export function rewriteBodies(mod: WasmModule, hooks: BodyHooks, count = mod.codes.length): void {
  const ctx: DecodeContext = { typeCount: mod.types.length };
  for (let i = 0; i < count; i++) {
    const c = mod.codes[i];
    mod.codes[i] = { locals: c.locals, code: rewriteBody(c.code, localCount(c.locals), hooks, ctx) };
  }
}
