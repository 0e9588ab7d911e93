import { describe, expect, test } from "bun:test";
import type { CallContext } from "@extism/extism";
import type { PluginManifest } from "../plugin-sdk/schema/index.ts";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { MAX_MODULE_BYTES } from "../server/plugin-host/limits.ts";
import { parseManifest } from "../server/plugin-host/manifest.ts";
import { PATTERN_LIMITS, patternProblem, patternsProblem } from "../server/plugin-host/pattern-check.ts";
import { preparePlugin } from "../server/plugin-host/prepare.ts";
import { createKernelGuard, PluginMemoryExceeded, PluginModuleRejected, prepareModule } from "../server/plugin-host/sandbox/index.ts";
import { readModule } from "../server/plugin-host/sandbox/wasm-reader.ts";

const wabt = await (await import("wabt")).default();
const wat = (src: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(wabt.parseWat("t.wat", src, { reference_types: true, bulk_memory: true, multi_value: true }).toBinary({}).buffer);
const manifest = (slug: string) => ({ abi: 1, slug, name: slug, version: "1.0.0", kinds: { action: { actions: ["go"] } } }) as unknown as PluginManifest;
const ACTION = `(func (export "action_run") (result i32) (i32.const 0))`;

function refusal(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a refusal");
}

describe("caps on what a module declares", () => {
  test("a module over the size limit is refused before it is compiled", () => {
    const huge = new Uint8Array(MAX_MODULE_BYTES + 1); // not even WebAssembly: compiling would say so
    const started = performance.now();
    expect(refusal(() => preparePlugin("big", manifest("big"), huge)).message).toBe(
      `plugin big refused at load (limits): plugin.wasm is ${MAX_MODULE_BYTES + 1} bytes, over the limit of ${MAX_MODULE_BYTES}`,
    );
    expect(performance.now() - started).toBeLessThan(50);
    const e = refusal(() => prepareModule(wat(`(module ${ACTION})`), { module: { moduleBytes: 10 } }));
    expect(e).toBeInstanceOf(PluginModuleRejected);
    expect((e as PluginModuleRejected).reason).toBe("limits");
  });

  test("400 tables (5 GB of RSS at load before) are refused, naming the limit", () => {
    const tables = Array.from({ length: 400 }, () => "(table 65536 funcref)").join(" ");
    const e = refusal(() => preparePlugin("tables", manifest("tables"), wat(`(module ${tables} ${ACTION})`)));
    expect(e.message).toBe("plugin tables refused at load (limits): module declares 400 tables, over the limit of 16");
  });

  test("tables share one element budget: minima over it are refused, maxima are lowered to fit", () => {
    const five = (min: number) => Array.from({ length: 5 }, () => `(table ${min} funcref)`).join(" ");
    expect(refusal(() => prepareModule(wat(`(module ${five(65536)})`))).message).toMatch(/tables start with 327680 elements in all, over the limit of 262144/);
    const shared = readModule(prepareModule(wat(`(module ${five(1)})`)).bytes);
    expect(shared.tables.map((t) => t.limits.max)).toEqual([52428, 52428, 52428, 52428, 52428]);
    const one = readModule(prepareModule(wat(`(module (table 1 funcref))`)).bytes);
    expect(one.tables[0].limits.max).toBe(65536);
  });

  test("globals and data segments are counted", () => {
    const globals = Array.from({ length: 10_001 }, (_, i) => `(global $g${i} i32 (i32.const 0))`).join(" ");
    expect(refusal(() => prepareModule(wat(`(module ${globals})`))).message).toBe("module declares 10001 globals, over the limit of 10000");
    const data = Array.from({ length: 10_001 }, () => `(data "x")`).join(" ");
    expect(refusal(() => prepareModule(wat(`(module (memory 1) ${data})`))).message).toBe("module declares 10001 data segments, over the limit of 10000");
  });
});

describe("the host-memory guard cannot be switched off", () => {
  test("kernel and host function imports must have the host's exact types", () => {
    const alloc = `(import "extism:host/env" "alloc" (func (param f64) (result i64)))`;
    expect(refusal(() => preparePlugin("nan", manifest("nan"), wat(`(module ${alloc} ${ACTION})`))).message).toBe(
      "imports extism:host/env.alloc as (f64) -> i64, but the host provides (i64) -> i64",
    );
    const search = `(import "extism:host/user" "bv_search" (func (param i32) (result i32)))`;
    expect(refusal(() => preparePlugin("s", manifest("s"), wat(`(module ${search} ${ACTION})`))).message).toMatch(/bv_search as \(i32\) -> i32, but the host provides \(i64\) -> i64/);
    const ok = `(import "extism:host/env" "alloc" (func (param i64) (result i64)))`;
    expect(preparePlugin("ok", manifest("ok"), wat(`(module ${ok} ${ACTION})`)).slug).toBe("ok");
  });

  test("a NaN or non-BigInt size is refused, and never poisons the running total", () => {
    const guard = createKernelGuard(1024);
    const alloc = guard.functions["extism:host/env"].alloc;
    const ctx = { alloc: () => 1n } as unknown as CallContext;
    expect(() => alloc(ctx, Number.NaN as unknown as bigint)).toThrow(PluginMemoryExceeded);
    expect(() => alloc(ctx, 1e300 as unknown as bigint)).toThrow(PluginMemoryExceeded);
    expect(guard.usedBytes).toBe(0);
    alloc(ctx, 100n);
    expect(guard.usedBytes).toBe(228);
    expect(() => alloc(ctx, 2000n)).toThrow(PluginMemoryExceeded);
  });
});

describe("barcode patterns cannot block scans", () => {
  const withPatterns = (patterns: string[]) =>
    JSON.stringify({ abi: 1, slug: "p", name: "p", version: "1.0.0", kinds: { barcode: { patterns } } });

  test("ten ^(.+)+X$ patterns (10 s per scan before) are refused at load, quickly, naming the pattern", () => {
    const started = performance.now();
    const r = parseManifest(withPatterns(Array.from({ length: 10 }, () => "^(.+)+X$")), "p");
    expect(performance.now() - started).toBeLessThan(5000); // ~0.5 s alone: the probe that crosses the line
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^barcode pattern "\^\(\.\+\)\+X\$" takes over 10 ms on a \d+-character input .*catastrophic backtracking/);
  });

  test("other exponential and high-degree polynomial patterns are refused too", () => {
    for (const p of ["^(a|a)*$", "^(\\d+)*$", "(a*)*b", "^(\\w+\\s?)+$", "^.*.*.*.*=$"]) {
      expect(patternProblem(p)).toMatch(/catastrophic backtracking/);
    }
  });

  test("count, length, backreferences and lookaround are capped", () => {
    expect(patternsProblem(Array.from({ length: 17 }, () => "^A"))).toBe("declares 17 barcode patterns, over the limit of 16");
    expect(patternProblem(`^${"A".repeat(300)}`)).toBe("is 301 characters long, over the limit of 256");
    expect(patternProblem("^(a)\\1")).toMatch(/backreference/);
    expect(patternProblem("^(?=A)A")).toMatch(/lookahead/);
  });

  test("every example plugin's patterns pass", () => {
    for (const dir of readdirSync(`${import.meta.dir}/../plugins-wasm`)) {
      const path = `${import.meta.dir}/../plugins-wasm/${dir}/plugin.json`;
      if (!existsSync(path)) continue;
      const r = parseManifest(readFileSync(path, "utf8"), dir);
      expect({ dir, ok: r.ok }).toEqual({ dir, ok: true });
    }
    expect(PATTERN_LIMITS.barcodeChars).toBe(1024);
  });
});
