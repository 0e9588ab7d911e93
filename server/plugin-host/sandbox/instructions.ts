import { ByteReader } from "./bytes.ts";
import { PluginModuleRejected } from "./errors.ts";
import { readHeapType, readValType } from "./valtypes.ts";

/** Opcodes the rewriters act on. */
export const Op = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  callIndirect: 0x11,
  returnCall: 0x12,
  returnCallIndirect: 0x13,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalGet: 0x23,
  globalSet: 0x24,
  memorySize: 0x3f,
  memoryGrow: 0x40,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eq: 0x46,
  i32Add: 0x6a,
  i64LtS: 0x53,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64ShrU: 0x88,
  i64ExtendI32U: 0xad,
  prefixFC: 0xfc,
} as const;

/** 0xFC-prefixed opcodes, normalised as 0xFC00 + sub-opcode. */
export const Bulk = {
  memoryInit: 0xfc08,
  memoryCopy: 0xfc0a,
  memoryFill: 0xfc0b,
  tableInit: 0xfc0c,
  tableCopy: 0xfc0e,
  tableGrow: 0xfc0f,
  tableFill: 0xfc11,
} as const;

/** One decoded instruction: its opcode (0xFC-prefixed ones as 0xFC00 + sub-opcode), byte range, first immediate. */
export interface Instr {
  op: number;
  start: number;
  end: number;
  /** The first index immediate where there is one (call's function, table.fill's table…), else -1. */
  index: number;
}

/** What the decoder must know of the module to read immediates exactly. */
export interface DecodeContext {
  /** Number of entries in the type section: a block type index must be below it. */
  typeCount: number;
}

function unsupported(r: ByteReader, what: string): never {
  throw new PluginModuleRejected("unsupported", `unsupported instruction ${what} at byte ${r.pos}`);
}

/** Block type: empty (0x40), one accepted value type, or a non-negative s33 type index below typeCount. */
function blockType(r: ByteReader, ctx: DecodeContext): void {
  const b = r.peek();
  if (b === 0x40) {
    r.skip(1);
    return;
  }
  // A one-byte s33 with bit 6 set is negative: a value type (0x7f…0x40 range), never an index.
  if ((b & 0xc0) === 0x40) {
    readValType(r, "as block type");
    return;
  }
  const index = r.signed(33);
  if (index < 0n || index >= BigInt(ctx.typeCount)) r.fail(`block type index ${index} out of range`);
}

function memarg(r: ByteReader): void {
  const align = r.u32();
  // Bit 6 announces a memory index (multi-memory), which we do not meter.
  if (align & 0x40) unsupported(r, "with a memory index (multi-memory)");
  r.u32();
}

function zeroMemIndex(r: ByteReader): void {
  if (r.u32() !== 0) unsupported(r, "on memory other than 0 (multi-memory)");
}

/** Reads the immediates of `op` (already consumed); returns the normalised opcode and first index. */
function immediates(r: ByteReader, op: number, ctx: DecodeContext): [number, number] {
  if (op >= 0x45 && op <= 0xc4) return [op, -1]; // numeric, comparison, conversion, sign-extension: no immediates
  if (op >= 0x28 && op <= 0x3e) {
    memarg(r);
    return [op, -1];
  }
  switch (op) {
    case 0x00: case 0x01: case 0x05: case 0x0b: case 0x0f: case 0x1a: case 0x1b: case 0xd1:
      return [op, -1];
    case 0x02: case 0x03: case 0x04:
      blockType(r, ctx);
      return [op, -1];
    case 0x0c: case 0x0d: case 0x10: case 0x12: // br, br_if, call, return_call
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: // locals, globals
    case 0x25: case 0x26: case 0xd2: // table.get/set, ref.func
      return [op, r.u32()];
    case 0x0e: { // br_table
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return [op, -1];
    }
    case 0x11: case 0x13: { // call_indirect, return_call_indirect: type, table
      const type = r.u32();
      r.u32();
      return [op, type];
    }
    case 0x1c: { // select t*: exactly one value type (the only form the spec allows)
      if (r.u32() !== 1) r.fail("typed select must name exactly one type");
      readValType(r, "in typed select");
      return [op, -1];
    }
    case 0x3f: case 0x40:
      zeroMemIndex(r);
      return [op, -1];
    case 0x41: r.signed(32); return [op, -1];
    case 0x42: r.signed(64); return [op, -1];
    case 0x43: r.skip(4); return [op, -1];
    case 0x44: r.skip(8); return [op, -1];
    case 0xd0: readHeapType(r); return [op, -1];
    case 0xfc: {
      const sub = r.u32();
      if (sub <= 7) return [0xfc00 + sub, -1]; // saturating float-to-int
      let index = -1;
      switch (sub) {
        case 8: index = r.u32(); zeroMemIndex(r); break; // memory.init data
        case 9: case 13: case 15: case 16: case 17: index = r.u32(); break; // data.drop, elem.drop, table.grow/size/fill
        case 10: zeroMemIndex(r); zeroMemIndex(r); break; // memory.copy
        case 11: zeroMemIndex(r); break; // memory.fill
        case 12: index = r.u32(); r.u32(); break; // table.init elem table
        case 14: index = r.u32(); r.u32(); break; // table.copy dst src
        default: unsupported(r, `0xFC ${sub}`);
      }
      return [0xfc00 + sub, index];
    }
    case 0xfd: return unsupported(r, "0xFD (SIMD)");
    case 0xfe: return unsupported(r, "0xFE (threads)");
    case 0xfb: return unsupported(r, "0xFB (GC)");
    case 0x06: case 0x07: case 0x08: case 0x09: case 0x0a: case 0x18: case 0x19: case 0x1f:
      return unsupported(r, `0x${op.toString(16).padStart(2, "0")} (exception handling)`);
    case 0x14: case 0x15: case 0xd3: case 0xd4: case 0xd5: case 0xd6:
      return unsupported(r, `0x${op.toString(16).padStart(2, "0")} (typed function references)`);
    default:
      return unsupported(r, `0x${op.toString(16).padStart(2, "0")}`);
  }
}

/**
 * Decodes an instruction sequence from `start` up to and including the `end` that closes it
 * (depth 0), which must be the last byte before `limit`. Every immediate is read exactly (no
 * "skip n bytes" guesses), every value type must be one the sandbox knows, `else` only closes an
 * `if`: anything else is refused (PluginModuleRejected), so no byte of the stream can be read as
 * something it is not. Accepts MVP + sign-extension + saturating conversions + bulk memory +
 * reference types (funcref/externref) + multi-value + tail calls.
 */
export function decodeExpression(bytes: Uint8Array, start: number, limit: number, ctx: DecodeContext): Instr[] {
  const r = new ByteReader(bytes, start, limit);
  const out: Instr[] = [];
  const open: number[] = []; // opcodes of the open blocks
  for (;;) {
    const at = r.pos;
    const [op, index] = immediates(r, r.byte(), ctx);
    out.push({ op, start: at, end: r.pos, index });
    if (op === Op.block || op === Op.loop || op === Op.if) open.push(op);
    else if (op === Op.else) {
      if (open.at(-1) !== Op.if) r.fail("else outside if");
      open[open.length - 1] = Op.else;
    } else if (op === Op.end) {
      if (open.length === 0) break;
      open.pop();
    }
  }
  if (r.pos !== limit) r.fail("trailing bytes after function body");
  return out;
}

/** Opcodes allowed in a constant expression (incl. extended-const arithmetic). */
const CONST_OPS = new Set([0x0b, 0x23, 0x41, 0x42, 0x43, 0x44, 0xd0, 0xd2, 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e]);

/** Length in bytes of a constant expression starting at `start` (through its `end`). */
export function constExprLength(bytes: Uint8Array, start: number, limit: number): number {
  const r = new ByteReader(bytes, start, limit);
  for (;;) {
    const op = r.byte();
    if (!CONST_OPS.has(op)) unsupported(r, `0x${op.toString(16)} in a constant expression`);
    const [norm] = immediates(r, op, { typeCount: 0 });
    if (norm === Op.end) return r.pos - start;
  }
}
