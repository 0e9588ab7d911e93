import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { PluginBudgetExceeded, PluginModuleRejected, prepareModule } from "../server/plugin-host/sandbox/index.ts";
import { decodeExpression, Op } from "../server/plugin-host/sandbox/instructions.ts";
import { readModule } from "../server/plugin-host/sandbox/wasm-reader.ts";
import type { PluginManifest } from "../plugin-sdk/schema/index.ts";
import { preparePlugin } from "../server/plugin-host/prepare.ts";
import * as hostile from "./fixtures/hostile-wasm.ts";
import { generateModule } from "./fixtures/wasm-gen.ts";

const wabt = await (await import("wabt")).default();
const FEATURES = { bulk_memory: true, reference_types: true, multi_value: true, sat_float_to_int: true, sign_extension: true, tail_call: true, mutable_globals: true };
const root = `${import.meta.dir}/..`;

function watBytes(name: string, src: string): Uint8Array<ArrayBuffer> {
  const m = wabt.parseWat(name, src, FEATURES);
  m.validate();
  return new Uint8Array(m.toBinary({}).buffer);
}

/** Loop headers and call sites per defined function, in order, as our reader finds them. */
function ourSites(bytes: Uint8Array): string[][] {
  const mod = readModule(bytes);
  return mod.codes.map((c) =>
    decodeExpression(c.code, 0, c.code.length, { typeCount: mod.types.length }).flatMap((i) => {
      if (i.op === Op.loop) return ["loop"];
      if (i.op === Op.call) return [`call ${i.index}`];
      if (i.op === Op.returnCall) return [`return_call ${i.index}`];
      if (i.op === Op.callIndirect) return [`call_indirect ${i.index}`];
      if (i.op === Op.returnCallIndirect) return [`return_call_indirect ${i.index}`];
      return [];
    }),
  );
}

/** The same, from wabt's own binary reader (its flat text, one instruction per line). */
function wabtSites(bytes: Uint8Array): string[][] {
  const text = wabt.readWasm(bytes, { readDebugNames: false, ...FEATURES }).toText({ foldExprs: false, inlineExport: false });
  const funcs: string[][] = [];
  for (const line of text.split("\n")) {
    if (/^ {2}\(func /.test(line)) funcs.push([]);
    const m = /^\s+(loop|call|return_call|call_indirect|return_call_indirect)\b(?:\s+(\d+)|\s+\(type (\d+)\))?/.exec(line);
    if (m && funcs.length) funcs[funcs.length - 1].push(m[1] === "loop" ? "loop" : `${m[1]} ${m[2] ?? m[3]}`);
  }
  return funcs;
}

function corpus(): { name: string; bytes: Uint8Array<ArrayBuffer> }[] {
  const out: { name: string; bytes: Uint8Array<ArrayBuffer> }[] = [];
  for (const d of readdirSync(`${root}/plugins-wasm`)) {
    const p = `${root}/plugins-wasm/${d}/plugin.wasm`;
    if (existsSync(p)) out.push({ name: `plugins-wasm/${d}`, bytes: new Uint8Array(readFileSync(p)) });
  }
  for (const f of readdirSync(`${import.meta.dir}/fixtures/wat`)) {
    out.push({ name: `fixtures/wat/${f}`, bytes: watBytes(f, readFileSync(`${import.meta.dir}/fixtures/wat/${f}`, "utf8")) });
  }
  for (const d of readdirSync(`${import.meta.dir}/fixtures/host-plugins`)) {
    for (const f of readdirSync(`${import.meta.dir}/fixtures/host-plugins/${d}`).filter((x) => x.endsWith(".wat"))) {
      out.push({ name: `fixtures/host-plugins/${d}/${f}`, bytes: watBytes(f, readFileSync(`${import.meta.dir}/fixtures/host-plugins/${d}/${f}`, "utf8")) });
    }
  }
  out.push({ name: "hostile paddedBlockTypeLoop", bytes: hostile.paddedBlockTypeLoop() });
  return out;
}

const GENERATED_SEEDS = Array.from({ length: 120 }, (_, i) => 1000 + i);

function rejection(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("a decoder that cannot be confused", () => {
  // Every fixture is valid WebAssembly that JavaScriptCore accepts; each used to be read as
  // something else (a one-byte type, a skipped heap type) or hides a loop from the reader.
  const refused: [string, () => Uint8Array<ArrayBuffer>, RegExp][] = [
    ["select (result (ref null 2)) swallowing a loop (the reported bug)", hostile.selectSwallowsLoop, /typed or GC heap type/],
    ["the same through a (ref null 2) local", hostile.typedLocalSelect, /typed or GC reference type 0x63 as local type/],
    ["ref.null with a padded multi-byte heap type", hostile.refNullMultiByte, /heap type/],
    ["a (ref null 0) block type", hostile.typedBlockType, /0x63 as block type/],
    ["a table of (ref null 0)", hostile.typedTable, /table element type/],
    ["try_table around a loop", hostile.tryTableLoop, /0x1f \(exception handling\)/],
    ["try … catch_all around a loop", hostile.tryCatchAllLoop, /0x06 \(exception handling\)/],
    ["a GC-prefixed instruction", hostile.gcPrefix, /0xFB \(GC\)/],
  ];
  for (const [what, build, message] of refused) {
    test(`refused at load: ${what}`, () => {
      const bytes = build();
      expect(WebAssembly.validate(bytes)).toBe(true); // the engine would run it
      const e = rejection(() => prepareModule(bytes));
      expect(e).toBeInstanceOf(PluginModuleRejected);
      expect((e as PluginModuleRejected).reason).toBe("unsupported");
      expect((e as Error).message).toMatch(message);
    });
  }

  test("a plugin whose module is refused is named in the load error", () => {
    const manifest = { abi: 1, slug: "evil", name: "Evil", version: "1.0.0", kinds: {} } as unknown as PluginManifest;
    expect(() => preparePlugin("evil", manifest, hostile.selectSwallowsLoop())).toThrow(/^plugin evil refused at load \(unsupported\): .*heap type/);
  });

  test("a loop behind a padded two-byte block type index is found and metered", async () => {
    const prepared = prepareModule(hostile.paddedBlockTypeLoop(), { fuel: 100_000 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(prepared.bytes), {});
    const started = performance.now();
    expect(() => (instance.exports.spin as () => number)()).toThrow(WebAssembly.RuntimeError);
    expect((instance.exports[prepared.fuelExport] as WebAssembly.Global).value as bigint).toBeLessThan(0n);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("differential: our reader against wabt's", () => {
  test("every example plugin and test fixture: same loop headers and call sites per function", () => {
    const modules = corpus();
    expect(modules.length).toBeGreaterThan(15);
    for (const { name, bytes } of modules) {
      const ours = ourSites(bytes);
      expect({ name, sites: ours }).toEqual({ name, sites: wabtSites(bytes) });
    }
  }, 30_000);

  // Four batches of fixed seeds (~0.3 s each alone; generous timeouts for a loaded machine).
  let loops = 0;
  let iterations = 0n;
  for (let batch = 0; batch < 4; batch++) {
    const seeds = GENERATED_SEEDS.slice(batch * 30, batch * 30 + 30);
    test(`generated modules ${seeds[0]}–${seeds.at(-1)}: same sites, same results metered, ≥ 1 fuel per loop iteration`, () => {
      for (const seed of seeds) {
        const g = generateModule(seed);
        const bytes = watBytes(`gen-${seed}.wat`, g.wat);
        const ours = ourSites(bytes);
        expect({ seed, sites: ours }).toEqual({ seed, sites: wabtSites(bytes) });
        loops += ours.flat().filter((s) => s === "loop").length;

        const prepared = prepareModule(bytes, { fuel: 50_000_000 });
        const plain = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
        const metered = new WebAssembly.Instance(new WebAssembly.Module(prepared.bytes), {});
        const fuel = metered.exports[prepared.fuelExport] as WebAssembly.Global;
        for (let f = 0; f < g.functions; f++) {
          for (const inst of [plain, metered]) {
            (inst.exports.calls as WebAssembly.Global).value = 0;
            (inst.exports.iters as WebAssembly.Global).value = 0n;
          }
          fuel.value = 50_000_000n;
          const want = (plain.exports[`f${f}`] as (x: number) => number)(seed + f);
          const got = (metered.exports[`f${f}`] as (x: number) => number)(seed + f);
          expect({ seed, f, got }).toEqual({ seed, f, got: want });
          const ran = metered.exports.iters as WebAssembly.Global;
          expect(ran.value).toBe((plain.exports.iters as WebAssembly.Global).value);
          const used = 50_000_000n - (fuel.value as bigint);
          expect(used).toBeGreaterThanOrEqual(ran.value as bigint);
          iterations += ran.value as bigint;
        }
      }
    }, 30_000);
  }

  test("the generated corpus really exercises loops", () => {
    // Guards against a generator that stopped making them.
    expect(loops).toBeGreaterThan(100);
    expect(iterations).toBeGreaterThan(1000n);
  });
});

/** Zero arguments of an export's parameter types (i64 as BigInt, references as null). */
function zeroArgs(bytes: Uint8Array, exportName: string): unknown[] | null {
  const mod = readModule(bytes);
  const e = mod.exports.find((x) => x.name === exportName && x.kind === 0);
  if (!e) return null;
  const imported = mod.imports.filter((i) => i.desc.kind === 0);
  const typeIndex = e.index < imported.length ? (imported[e.index].desc as { typeIndex: number }).typeIndex : mod.functions[e.index - imported.length];
  return mod.types[typeIndex].params.map((t) => (t === 0x7e ? 0n : t === 0x70 || t === 0x6f ? null : 0));
}

/** Runs every exported function once with zero arguments; answers what it logged, returned or threw. */
function runAll(bytes: Uint8Array<ArrayBuffer>, original: Uint8Array, fuel?: { name: string; budget: bigint }): string[] {
  const log: string[] = [];
  const show = (v: unknown): string => (typeof v === "bigint" ? `${v}n` : typeof v === "number" ? (Number.isNaN(v) ? "NaN" : String(v)) : typeof v === "function" ? "func" : Array.isArray(v) ? `[${v.map(show).join(",")}]` : String(v));
  let instance: WebAssembly.Instance | null = null;
  const support = {
    "log-i32": (x: unknown) => log.push(`i32 ${show(x)}`),
    "log-i64": (x: unknown) => log.push(`i64 ${show(x)}`),
    "log-f32": (x: unknown) => log.push(`f32 ${show(x)}`),
    "log-f64": (x: unknown) => log.push(`f64 ${show(x)}`),
    "table-get": () => null,
    "table-set": () => undefined,
    sleep: (_ms: unknown, id: unknown) => id,
    "call-export": () => undefined,
    "call-export-catch": () => 0,
    throw: () => {
      throw new Error("fuzzer throw");
    },
  };
  const mod = new WebAssembly.Module(bytes);
  const imports: Record<string, Record<string, unknown>> = { "fuzzing-support": support, __fuzz_import: {} };
  for (const i of WebAssembly.Module.imports(mod)) {
    if (i.kind === "global") imports[i.module][i.name] = new WebAssembly.Global({ value: "externref", mutable: false }, null);
  }
  try {
    instance = new WebAssembly.Instance(mod, imports as WebAssembly.Imports);
  } catch (e) {
    return [`instantiate: ${(e as Error).name}`];
  }
  for (const e of WebAssembly.Module.exports(mod)) {
    if (e.kind !== "function" || e.name.startsWith("__binventory")) continue;
    const args = zeroArgs(original, e.name);
    if (!args) continue;
    if (fuel) (instance.exports[fuel.name] as WebAssembly.Global).value = fuel.budget;
    try {
      log.push(`${e.name} -> ${show((instance.exports[e.name] as (...a: unknown[]) => unknown)(...args))}`);
    } catch (err) {
      log.push(`${e.name} threw ${(err as Error).name}`);
    }
  }
  return log;
}

describe("differential: binaryen's fuzzer (tests/fixtures/ttf)", () => {
  const files = readdirSync(`${import.meta.dir}/fixtures/ttf`).filter((f) => f.endsWith(".wasm")).sort();

  test(`${files.length} translate-to-fuzz modules: same sites as wabt; metered runs log, return and trap exactly as plain ones`, () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    let loops = 0;
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(`${import.meta.dir}/fixtures/ttf/${f}`));
      const ours = ourSites(bytes);
      expect({ f, sites: ours }).toEqual({ f, sites: wabtSites(bytes) });
      loops += ours.flat().filter((s) => s === "loop").length;
      const prepared = prepareModule(bytes, { fuel: 1n << 40n, startFuel: 1n << 40n });
      expect({ f, log: runAll(prepared.bytes, bytes, { name: prepared.fuelExport, budget: 1n << 40n }) }).toEqual({ f, log: runAll(bytes, bytes) });
    }
    expect(loops).toBeGreaterThan(20);
  }, 30_000);
});
