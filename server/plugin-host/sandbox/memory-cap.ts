import { ByteWriter } from "./bytes.ts";
import type { BodyHooks } from "./body-rewriter.ts";
import { PluginModuleRejected } from "./errors.ts";
import { Op } from "./instructions.ts";
import { ExternKind, ValType, ensureType, importCount, type Limits, type WasmModule } from "./wasm-module.ts";

/** Exported i32 global the rewritten module sets to 1 when a `memory.grow` was refused. */
export const GROW_DENIED_EXPORT = "__binventory_grow_denied";

export const PAGE_BYTES = 65536;

function cap(limits: Limits, maxPages: number, what: string): Limits {
  if (limits.min > maxPages) {
    throw new PluginModuleRejected(
      "linear-memory",
      `${what} starts at ${limits.min} pages (${limits.min * PAGE_BYTES} bytes), over the limit of ${maxPages} pages`,
    );
  }
  return { min: limits.min, max: limits.max === null ? maxPages : Math.min(limits.max, maxPages) };
}

/**
 * Lowers the maximum of every memory (defined or imported) and table to the given limits; the
 * engine enforces a module's own maximum, whatever the Extism manifest says.
 */
export function capLimits(mod: WasmModule, maxPages: number, tableElements: number): void {
  mod.memories = mod.memories.map((m) => cap(m, maxPages, "memory"));
  mod.tables = mod.tables.map((t) => ({ refType: t.refType, limits: capTable(t.limits, tableElements) }));
  for (const imp of mod.imports) {
    if (imp.desc.kind === 2) imp.desc = { kind: 2, memory: cap(imp.desc.memory, maxPages, `imported memory ${imp.module}.${imp.name}`) };
    if (imp.desc.kind === 1) imp.desc = { kind: 1, table: { refType: imp.desc.table.refType, limits: capTable(imp.desc.table.limits, tableElements) } };
  }
}

function capTable(limits: Limits, maxElements: number): Limits {
  if (limits.min > maxElements) {
    throw new PluginModuleRejected("unsupported", `table starts at ${limits.min} elements, over the limit of ${maxElements}`);
  }
  return { min: limits.min, max: limits.max === null ? maxElements : Math.min(limits.max, maxElements) };
}

/**
 * Routes every `memory.grow` through an appended function that records a refusal in an exported
 * flag, so a trap that follows a refused grow can be reported as a memory error. The function is
 * appended after all others (no index moves) and keeps `memory.grow`'s result for the plugin.
 */
export function addGrowGuard(mod: WasmModule): BodyHooks {
  const hasMemory = mod.memories.length > 0 || importCount(mod, ExternKind.memory) > 0;
  if (!hasMemory) return {};
  const flag = importCount(mod, ExternKind.global) + mod.globals.length;
  mod.globals.push({ type: { valType: ValType.i32, mutable: true }, init: new Uint8Array([Op.i32Const, 0, Op.end]) });
  if (mod.exports.some((e) => e.name === GROW_DENIED_EXPORT)) {
    throw new PluginModuleRejected("invalid-module", `module already exports ${GROW_DENIED_EXPORT}`);
  }
  mod.exports.push({ name: GROW_DENIED_EXPORT, kind: ExternKind.global, index: flag });

  const typeIndex = ensureType(mod, { params: [ValType.i32], results: [ValType.i32] });
  const funcIndex = importCount(mod, ExternKind.func) + mod.functions.length;
  mod.functions.push(typeIndex);
  mod.codes.push({
    locals: new Uint8Array([1, 1, ValType.i32]),
    code: new ByteWriter()
      .byte(Op.localGet).u32(0)
      .byte(Op.memoryGrow).byte(0)
      .byte(Op.localTee).u32(1)
      .byte(Op.i32Const).signed(-1)
      .byte(Op.i32Eq)
      .byte(Op.if).byte(0x40)
      .byte(Op.i32Const).signed(1)
      .byte(Op.globalSet).u32(flag)
      .byte(Op.end)
      .byte(Op.localGet).u32(1)
      .byte(Op.end)
      .toBytes(),
  });
  const call = new ByteWriter().byte(Op.call).u32(funcIndex).toBytes();
  return { replace: (ins) => (ins.op === Op.memoryGrow ? call : null) };
}
