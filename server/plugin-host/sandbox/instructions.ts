import { ByteReader } from "./bytes.ts";
import { PluginModuleRejected } from "./errors.ts";

/** Opcodes the rewriters act on. */
export const Op = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  call: 0x10,
  globalGet: 0x23,
  globalSet: 0x24,
  localGet: 0x20,
  localTee: 0x22,
  memoryGrow: 0x40,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eq: 0x46,
  i64LtS: 0x53,
  i64Sub: 0x7d,
  prefixFC: 0xfc,
} as const;

/** One decoded instruction: its opcode (0xFC-prefixed ones as 0xFC00 + sub-opcode) and byte range. */
export interface Instr {
  op: number;
  start: number;
  end: number;
}

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

function unsupported(r: ByteReader, what: string): never {
  throw new PluginModuleRejected("unsupported", `unsupported instruction ${what} at byte ${r.pos}`);
}

function blockType(r: ByteReader): void {
  const b = r.peek();
  if (b === 0x40 || VALTYPES.has(b)) {
    r.skip(1);
    return;
  }
  if (r.signed(33) < 0n) r.fail("bad block type");
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

/** Skips the immediates of `op` (already consumed); returns the normalised opcode. */
function immediates(r: ByteReader, op: number): number {
  if (op >= 0x45 && op <= 0xc4) return op; // numeric, comparison, conversion, sign-extension: no immediates
  if (op >= 0x28 && op <= 0x3e) {
    memarg(r);
    return op;
  }
  switch (op) {
    case 0x00: case 0x01: case 0x05: case 0x0b: case 0x0f: case 0x1a: case 0x1b: case 0xd1:
      return op;
    case 0x02: case 0x03: case 0x04:
      blockType(r);
      return op;
    case 0x0c: case 0x0d: case 0x10: case 0x12: // br, br_if, call, return_call
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: // locals, globals
    case 0x25: case 0x26: case 0xd2: // table.get/set, ref.func
      r.u32();
      return op;
    case 0x0e: { // br_table
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return op;
    }
    case 0x11: case 0x13: // call_indirect, return_call_indirect
      r.u32();
      r.u32();
      return op;
    case 0x1c: { // select t*
      const n = r.u32();
      r.skip(n);
      return op;
    }
    case 0x3f: case 0x40:
      zeroMemIndex(r);
      return op;
    case 0x41: r.signed(32); return op;
    case 0x42: r.signed(64); return op;
    case 0x43: r.skip(4); return op;
    case 0x44: r.skip(8); return op;
    case 0xd0: r.skip(1); return op;
    case 0xfc: {
      const sub = r.u32();
      if (sub <= 7) return 0xfc00 + sub; // saturating float-to-int
      switch (sub) {
        case 8: r.u32(); zeroMemIndex(r); break; // memory.init
        case 9: case 13: case 15: case 16: case 17: r.u32(); break; // data.drop, elem.drop, table.grow/size/fill
        case 10: zeroMemIndex(r); zeroMemIndex(r); break; // memory.copy
        case 11: zeroMemIndex(r); break; // memory.fill
        case 12: case 14: r.u32(); r.u32(); break; // table.init, table.copy
        default: unsupported(r, `0xFC ${sub}`);
      }
      return 0xfc00 + sub;
    }
    case 0xfd: return unsupported(r, "0xFD (SIMD)");
    case 0xfe: return unsupported(r, "0xFE (threads)");
    case 0xfb: return unsupported(r, "0xFB (GC)");
    default:
      return unsupported(r, `0x${op.toString(16).padStart(2, "0")}`);
  }
}

/**
 * Decodes an instruction sequence from `start` up to and including the `end` that closes it
 * (depth 0). Throws PluginModuleRejected on any opcode outside MVP + sign-extension +
 * saturating conversions + bulk memory + reference types + multi-value + tail calls.
 */
export function decodeExpression(bytes: Uint8Array, start: number, limit: number): Instr[] {
  const r = new ByteReader(bytes, start, limit);
  const out: Instr[] = [];
  let depth = 0;
  for (;;) {
    const at = r.pos;
    const op = immediates(r, r.byte());
    out.push({ op, start: at, end: r.pos });
    if (op === Op.block || op === Op.loop || op === Op.if) depth++;
    else if (op === Op.end) {
      if (depth === 0) break;
      depth--;
    }
  }
  if (r.pos !== limit) r.fail("trailing bytes after function body");
  return out;
}

/** Length in bytes of a constant expression starting at `start` (through its `end`). */
export function constExprLength(bytes: Uint8Array, start: number, limit: number): number {
  const r = new ByteReader(bytes, start, limit);
  for (;;) {
    const op = immediates(r, r.byte());
    if (op === Op.end) return r.pos - start;
  }
}
