import type { ByteReader } from "./bytes.ts";
import { PluginModuleRejected } from "./errors.ts";

/** The value types the sandbox meters: numbers and the two nullable reference types of reference-types. */
const ACCEPTED = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x70, 0x6f]);
/** Reference types a table may hold (a typed `(ref null $t)` table is refused). */
const REF_TYPES = new Set([0x70, 0x6f]);

function refuse(r: ByteReader, b: number, where: string): never {
  if (b === 0x7b) throw new PluginModuleRejected("unsupported", `v128 (SIMD) ${where} at byte ${r.pos - 1} is not supported`);
  // 0x63/0x64 (ref null ht / ref ht) and the GC abbreviations 0x65–0x74 carry or imply heap types whose
  // encodings are multi-byte: refusing them here is what keeps the instruction stream unambiguous.
  if ((b >= 0x60 && b <= 0x74) || b === 0x40) {
    throw new PluginModuleRejected("unsupported", `typed or GC reference type 0x${b.toString(16)} ${where} at byte ${r.pos - 1} is not supported`);
  }
  return r.fail(`bad value type 0x${b.toString(16)} ${where}`);
}

/** One value type (exactly one byte once accepted). */
export function readValType(r: ByteReader, where: string): number {
  const b = r.byte();
  if (!ACCEPTED.has(b)) refuse(r, b, where);
  return b;
}

/** A table's element type: funcref or externref only. */
export function readRefType(r: ByteReader, where: string): number {
  const b = r.byte();
  if (!REF_TYPES.has(b)) refuse(r, b, where);
  return b;
}

/** The heap type of `ref.null`: only the one-byte `func` / `extern` (a type index would be a typed reference). */
export function readHeapType(r: ByteReader): number {
  const b = r.byte();
  if (b !== 0x70 && b !== 0x6f) {
    throw new PluginModuleRejected("unsupported", `ref.null of a typed or GC heap type (first byte 0x${b.toString(16)}) at byte ${r.pos - 1} is not supported`);
  }
  return b;
}
