import { readModule } from "./wasm-reader.ts";

/** A function import and its exact signature (value type bytes: 0x7e i64, 0x7f i32…). */
export interface FunctionImport {
  module: string;
  name: string;
  params: number[];
  results: number[];
}

const NAMES: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x70: "funcref", 0x6f: "externref" };

/** `(i64, i32) -> i64` */
export function signatureText(s: Pick<FunctionImport, "params" | "results">): string {
  const list = (v: number[]) => v.map((t) => NAMES[t] ?? `0x${t.toString(16)}`).join(", ");
  return `(${list(s.params)}) -> ${s.results.length === 1 ? list(s.results) : `(${list(s.results)})`}`;
}

/** The function imports of a module with their types (throws PluginModuleRejected on a malformed module). */
export function functionImports(bytes: Uint8Array): FunctionImport[] {
  const mod = readModule(bytes);
  return mod.imports.flatMap((i) => {
    if (i.desc.kind !== 0) return [];
    const t = mod.types[i.desc.typeIndex];
    return t ? [{ module: i.module, name: i.name, params: t.params, results: t.results }] : [];
  });
}
