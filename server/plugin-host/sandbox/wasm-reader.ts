import { ByteReader } from "./bytes.ts";
import { PluginModuleRejected } from "./errors.ts";
import { constExprLength } from "./instructions.ts";
import { readRefType, readValType } from "./valtypes.ts";
import {
  SectionId,
  type Export,
  type FuncType,
  type FunctionBody,
  type Global,
  type GlobalType,
  type Import,
  type ImportDesc,
  type Limits,
  type TableType,
  type WasmModule,
} from "./wasm-module.ts";

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Limits as encoded in memory and table types; shared memories and memory64 are refused. */
function readLimits(r: ByteReader): Limits {
  const flags = r.byte();
  if (flags & ~0x01) {
    throw new PluginModuleRejected("unsupported", `unsupported limits flags 0x${flags.toString(16)} (shared memory or memory64)`);
  }
  const min = r.u32();
  const max = flags & 0x01 ? r.u32() : null;
  return { min, max };
}

function readTableType(r: ByteReader): TableType {
  const refType = readRefType(r, "as table element type");
  return { refType, limits: readLimits(r) };
}

function readGlobalType(r: ByteReader): GlobalType {
  const valType = readValType(r, "as global type");
  const mut = r.byte();
  if (mut > 1) r.fail("bad global mutability");
  return { valType, mutable: mut === 1 };
}

function readVec<T>(r: ByteReader, item: () => T): T[] {
  const n = r.u32();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(item());
  return out;
}

function readTypes(r: ByteReader): FuncType[] {
  return readVec(r, () => {
    const form = r.byte();
    if (form !== 0x60) throw new PluginModuleRejected("unsupported", `unsupported type form 0x${form.toString(16)} (GC types)`);
    const params = readVec(r, () => readValType(r, "as parameter type"));
    const results = readVec(r, () => readValType(r, "as result type"));
    return { params, results };
  });
}

function readImportDesc(r: ByteReader): ImportDesc {
  const kind = r.byte();
  switch (kind) {
    case 0: return { kind, typeIndex: r.u32() };
    case 1: return { kind, table: readTableType(r) };
    case 2: return { kind, memory: readLimits(r) };
    case 3: return { kind, global: readGlobalType(r) };
    default: throw new PluginModuleRejected("unsupported", `unsupported import kind ${kind}`);
  }
}

function readImports(r: ByteReader): Import[] {
  return readVec(r, () => ({ module: r.name(), name: r.name(), desc: readImportDesc(r) }));
}

function readGlobals(r: ByteReader): Global[] {
  return readVec(r, () => {
    const type = readGlobalType(r);
    const len = constExprLength(r.bytes, r.pos, r.end);
    return { type, init: r.take(len) };
  });
}

function readExports(r: ByteReader): Export[] {
  return readVec(r, () => ({ name: r.name(), kind: r.byte(), index: r.u32() }));
}

function readCodes(r: ByteReader): FunctionBody[] {
  return readVec(r, () => {
    const size = r.u32();
    const end = r.pos + size;
    const start = r.pos;
    const groups = r.u32();
    for (let i = 0; i < groups; i++) {
      r.u32();
      readValType(r, "as local type");
    }
    const locals = r.bytes.subarray(start, r.pos);
    if (end > r.end) r.fail("function body past section end");
    const code = r.take(end - r.pos);
    return { locals, code };
  });
}

/** Parses a binary module; sections the sandbox does not rewrite are kept as raw bytes. */
export function readModule(bytes: Uint8Array): WasmModule {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new PluginModuleRejected("invalid-module", "not a WebAssembly 1.0 binary module");
  }
  const mod: WasmModule = { sections: [], types: [], imports: [], functions: [], tables: [], memories: [], globals: [], exports: [], codes: [] };
  const r = new ByteReader(bytes, 8);
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const payload = r.take(size);
    mod.sections.push({ id, payload });
    const s = new ByteReader(payload);
    switch (id) {
      case SectionId.type: mod.types = readTypes(s); break;
      case SectionId.import: mod.imports = readImports(s); break;
      case SectionId.function: mod.functions = readVec(s, () => s.u32()); break;
      case SectionId.table: mod.tables = readVec(s, () => readTableType(s)); break;
      case SectionId.memory: mod.memories = readVec(s, () => readLimits(s)); break;
      case SectionId.global: mod.globals = readGlobals(s); break;
      case SectionId.export: mod.exports = readExports(s); break;
      case SectionId.code: mod.codes = readCodes(s); break;
      case SectionId.tag: throw new PluginModuleRejected("unsupported", "exception handling (tag section) is not supported");
      default:
        if (id > SectionId.tag) throw new PluginModuleRejected("invalid-module", `unknown section id ${id}`);
        continue; // custom, start, element, data, data count: kept raw
    }
    if (!s.done) s.fail(`trailing bytes in section ${id}`);
  }
  if (mod.functions.length !== mod.codes.length) {
    throw new PluginModuleRejected("invalid-module", "function and code section sizes differ");
  }
  return mod;
}
