/** In-memory shape of the parts of a WebAssembly module the sandbox rewrites; everything else stays raw. */

export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

/** Canonical order of the known sections (the tag section sits between memory and global). */
export const SECTION_ORDER: readonly number[] = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const;

export const ExternKind = { func: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;

export interface FuncType {
  params: number[];
  results: number[];
}

export interface Limits {
  min: number;
  max: number | null;
}

export interface TableType {
  refType: number;
  limits: Limits;
}

export interface GlobalType {
  valType: number;
  mutable: boolean;
}

export type ImportDesc =
  | { kind: 0; typeIndex: number }
  | { kind: 1; table: TableType }
  | { kind: 2; memory: Limits }
  | { kind: 3; global: GlobalType }
  | { kind: 4; raw: Uint8Array };

export interface Import {
  module: string;
  name: string;
  desc: ImportDesc;
}

export interface Global {
  type: GlobalType;
  /** The constant initialiser expression, including its final `end`. */
  init: Uint8Array;
}

export interface Export {
  name: string;
  kind: number;
  index: number;
}

export interface FunctionBody {
  /** Raw local declarations vector (count-prefixed). */
  locals: Uint8Array;
  /** Instructions including the final `end`. */
  code: Uint8Array;
}

/** A section as it sits in the file; decoded sections are re-encoded from the fields below. */
interface RawSection {
  id: number;
  payload: Uint8Array;
}

export interface WasmModule {
  /** Every section in file order (custom and raw ones are written back unchanged). */
  sections: RawSection[];
  types: FuncType[];
  imports: Import[];
  /** Type index of each defined function. */
  functions: number[];
  tables: TableType[];
  memories: Limits[];
  globals: Global[];
  exports: Export[];
  codes: FunctionBody[];
}

/** Number of imports of one kind (their indices come before the defined ones). */
export function importCount(mod: WasmModule, kind: number): number {
  return mod.imports.filter((i) => i.desc.kind === kind).length;
}

/** Index of a function type equal to `type`, appending it if missing (appending shifts nothing). */
export function ensureType(mod: WasmModule, type: FuncType): number {
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  const found = mod.types.findIndex((t) => same(t.params, type.params) && same(t.results, type.results));
  if (found >= 0) return found;
  mod.types.push(type);
  return mod.types.length - 1;
}
