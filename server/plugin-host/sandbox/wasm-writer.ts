import { ByteWriter } from "./bytes.ts";
import { SECTION_ORDER, SectionId, type Limits, type TableType, type WasmModule } from "./wasm-module.ts";

function limits(w: ByteWriter, l: Limits): void {
  if (l.max === null) w.byte(0).u32(l.min);
  else w.byte(1).u32(l.min).u32(l.max);
}

function tableType(w: ByteWriter, t: TableType): void {
  w.byte(t.refType);
  limits(w, t.limits);
}

/** Encodes the decoded sections; returns null for sections kept raw. */
function encodeSection(mod: WasmModule, id: number): ByteWriter | null {
  const w = new ByteWriter();
  switch (id) {
    case SectionId.type:
      w.u32(mod.types.length);
      for (const t of mod.types) {
        w.byte(0x60).u32(t.params.length);
        for (const p of t.params) w.byte(p);
        w.u32(t.results.length);
        for (const p of t.results) w.byte(p);
      }
      return w;
    case SectionId.import:
      w.u32(mod.imports.length);
      for (const imp of mod.imports) {
        w.name(imp.module).name(imp.name).byte(imp.desc.kind);
        const d = imp.desc;
        if (d.kind === 0) w.u32(d.typeIndex);
        else if (d.kind === 1) tableType(w, d.table);
        else if (d.kind === 2) limits(w, d.memory);
        else if (d.kind === 3) w.byte(d.global.valType).byte(d.global.mutable ? 1 : 0);
        else w.bytes(d.raw);
      }
      return w;
    case SectionId.function:
      w.u32(mod.functions.length);
      for (const f of mod.functions) w.u32(f);
      return w;
    case SectionId.table:
      w.u32(mod.tables.length);
      for (const t of mod.tables) tableType(w, t);
      return w;
    case SectionId.memory:
      w.u32(mod.memories.length);
      for (const m of mod.memories) limits(w, m);
      return w;
    case SectionId.global:
      w.u32(mod.globals.length);
      for (const g of mod.globals) w.byte(g.type.valType).byte(g.type.mutable ? 1 : 0).bytes(g.init);
      return w;
    case SectionId.export:
      w.u32(mod.exports.length);
      for (const e of mod.exports) w.name(e.name).byte(e.kind).u32(e.index);
      return w;
    case SectionId.code:
      w.u32(mod.codes.length);
      for (const c of mod.codes) w.u32(c.locals.length + c.code.length).bytes(c.locals).bytes(c.code);
      return w;
    default:
      return null;
  }
}

function isEmpty(mod: WasmModule, id: number): boolean {
  switch (id) {
    case SectionId.type: return mod.types.length === 0;
    case SectionId.import: return mod.imports.length === 0;
    case SectionId.function: return mod.functions.length === 0;
    case SectionId.table: return mod.tables.length === 0;
    case SectionId.memory: return mod.memories.length === 0;
    case SectionId.global: return mod.globals.length === 0;
    case SectionId.export: return mod.exports.length === 0;
    case SectionId.code: return mod.codes.length === 0;
    default: return false;
  }
}

const DECODED = [SectionId.type, SectionId.import, SectionId.function, SectionId.table, SectionId.memory, SectionId.global, SectionId.export, SectionId.code];

/** Serialises a module: sections in their original order, decoded ones re-encoded, missing ones inserted in canonical order. */
export function writeModule(mod: WasmModule): Uint8Array<ArrayBuffer> {
  const sections = mod.sections.slice();
  // A rewrite may have filled a section the input did not have (e.g. the first global).
  for (const id of DECODED) {
    if (isEmpty(mod, id) || sections.some((s) => s.id === id)) continue;
    const rank = SECTION_ORDER.indexOf(id);
    const at = sections.findIndex((s) => s.id !== SectionId.custom && SECTION_ORDER.indexOf(s.id) > rank);
    sections.splice(at < 0 ? sections.length : at, 0, { id, payload: new Uint8Array(0) });
  }
  const out = new ByteWriter().bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  for (const s of sections) {
    const encoded = encodeSection(mod, s.id);
    out.byte(s.id).sized(encoded ?? s.payload);
  }
  return out.toBytes();
}
