import { PluginModuleRejected } from "./errors.ts";
import { ByteReader } from "./bytes.ts";
import { ExternKind, SectionId, importCount, type WasmModule } from "./wasm-module.ts";

/** How much of each kind a module may declare: what instantiation allocates or walks before any fuel runs. */
export interface ModuleCaps {
  moduleBytes: number;
  types: number;
  functions: number;
  imports: number;
  exports: number;
  globals: number;
  tables: number;
  /** Sum over all tables of their maximum size; maxima are lowered to share it, minima above it are refused. */
  totalTableElements: number;
  dataSegments: number;
  elemSegments: number;
}

export const DEFAULT_MODULE_CAPS: Readonly<ModuleCaps> = {
  moduleBytes: 16 * 1024 * 1024,
  types: 10_000,
  functions: 50_000,
  imports: 1_000,
  exports: 10_000,
  globals: 10_000,
  tables: 16,
  totalTableElements: 262_144,
  dataSegments: 10_000,
  elemSegments: 10_000,
};

function over(what: string, n: number, cap: number): never {
  throw new PluginModuleRejected("limits", `module declares ${n} ${what}, over the limit of ${cap}`);
}

function vecCount(mod: WasmModule, id: number): number {
  const s = mod.sections.find((x) => x.id === id);
  return s && s.payload.length ? new ByteReader(s.payload).u32() : 0;
}

/** Refuses a module that declares more than `caps` allows (before the engine allocates any of it). */
export function checkModuleCaps(mod: WasmModule, caps: ModuleCaps): void {
  const counts: [string, number, number][] = [
    ["types", mod.types.length, caps.types],
    ["functions", importCount(mod, ExternKind.func) + mod.functions.length, caps.functions],
    ["imports", mod.imports.length, caps.imports],
    ["exports", mod.exports.length, caps.exports],
    ["globals", importCount(mod, ExternKind.global) + mod.globals.length, caps.globals],
    ["tables", importCount(mod, ExternKind.table) + mod.tables.length, caps.tables],
    ["data segments", vecCount(mod, SectionId.data), caps.dataSegments],
    ["element segments", vecCount(mod, SectionId.element), caps.elemSegments],
  ];
  for (const [what, n, cap] of counts) if (n > cap) over(what, n, cap);
}

/**
 * After each table's maximum was capped to `tableElements`: lowers the maxima so their sum fits
 * `total` (each to at least its minimum; equal shares), refusing when the minima alone exceed it.
 */
export function shareTableElements(mod: WasmModule, total: number): void {
  const tables = [
    ...mod.imports.flatMap((i) => (i.desc.kind === 1 ? [i.desc.table] : [])),
    ...mod.tables,
  ];
  const mins = tables.reduce((s, t) => s + t.limits.min, 0);
  if (mins > total) throw new PluginModuleRejected("limits", `tables start with ${mins} elements in all, over the limit of ${total}`);
  const maxSum = tables.reduce((s, t) => s + (t.limits.max ?? 0), 0);
  if (maxSum <= total) return;
  const share = Math.floor(total / tables.length);
  for (const t of tables) t.limits = { min: t.limits.min, max: Math.max(t.limits.min, Math.min(t.limits.max ?? share, share)) };
}
