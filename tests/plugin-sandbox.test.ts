import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import createPlugin, { type Plugin } from "@extism/extism";
import {
  createKernelGuard,
  DEFAULT_LIMITS,
  MeteredPlugin,
  PluginBudgetExceeded,
  PluginMemoryExceeded,
  PluginModuleRejected,
  PluginSandboxError,
  PluginStackOverflow,
  prepareModule,
  type PreparedModule,
  type SandboxLimitsInput,
} from "../server/plugin-host/sandbox/index.ts";
import { busiestThreadCpuMs } from "./fixtures/thread-cpu.ts";
import { inFreshProcess, runInFreshProcess } from "./support/fresh-process.ts";
import { readModule } from "../server/plugin-host/sandbox/wasm-reader.ts";
import { writeModule } from "../server/plugin-host/sandbox/wasm-writer.ts";

const wabt = await (await import("wabt")).default();

/** Compiles a WAT source (a fixture name or inline text) with wabt. */
function wat(nameOrSource: string): Uint8Array<ArrayBuffer> {
  const src = nameOrSource.includes("(module") ? nameOrSource : readFileSync(`${import.meta.dir}/fixtures/wat/${nameOrSource}.wat`, "utf8");
  const mod = wabt.parseWat("fixture.wat", src, { simd: true, multi_value: true, bulk_memory: true, reference_types: true });
  return new Uint8Array(mod.toBinary({}).buffer);
}

/** A foreground Extism plugin over the prepared bytes, with the kernel guard installed. */
async function sandboxed(fixture: string, limits: SandboxLimitsInput = {}): Promise<{ metered: MeteredPlugin; plugin: Plugin; prepared: PreparedModule }> {
  const prepared = prepareModule(wat(fixture), limits);
  const guard = createKernelGuard(prepared.limits.hostMemoryBytes);
  const plugin = await createPlugin({ wasm: [{ data: prepared.bytes }] }, { useWasi: false, runInWorker: false, functions: guard.functions });
  return { metered: await MeteredPlugin.attach(plugin, prepared, guard), plugin, prepared };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}


describe("binary reader/writer", () => {
  test("every fixture survives read → write and still validates", () => {
    for (const name of ["spin", "recurse", "grow", "alloc-bomb", "echo", "compute", "features"]) {
      const bytes = wat(name);
      const again = writeModule(readModule(bytes));
      expect(WebAssembly.validate(again)).toBe(true);
      expect(writeModule(readModule(again))).toEqual(again);
    }
  });

  test("rejects bytes that are not a module", () => {
    const e = (() => {
      try {
        prepareModule(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(PluginModuleRejected);
    expect((e as PluginModuleRejected).reason).toBe("invalid-module");
  });

  test("rejects SIMD at load time with a clear message", () => {
    const simd = wat(`(module (func (export "f") (result i32)
      (i32x4.extract_lane 0 (i32x4.splat (i32.const 1)))))`);
    expect(() => prepareModule(simd)).toThrow(/unsupported instruction 0xFD \(SIMD\)/);
    try {
      prepareModule(simd);
    } catch (e) {
      expect((e as PluginSandboxError).reason).toBe("unsupported");
    }
  });

  test("the rewritten module computes what the original computes (sign-ext, sat, bulk memory, multi-value, refs)", () => {
    const raw = wat("features");
    const prepared = prepareModule(raw);
    const run = (bytes: Uint8Array<ArrayBuffer>) => {
      const base = new WebAssembly.Global({ value: "i32", mutable: false }, 1000);
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { base } });
      const fuel = instance.exports[prepared.fuelExport];
      if (fuel instanceof WebAssembly.Global) fuel.value = 1_000_000n;
      const f = instance.exports.features as (x: number) => number;
      return [0, 1, 2, 3, 200, -7, 255].map((x) => f(x));
    };
    expect(run(prepared.bytes)).toEqual(run(raw));
  });

  test("the fuel global lands after imported globals and leaves existing indices alone", () => {
    const prepared = prepareModule(wat("features"));
    const mod = readModule(prepared.bytes);
    const fuel = mod.exports.find((e) => e.name === prepared.fuelExport);
    // 1 imported global + 1 defined ($counter) → the fuel global is index 2, the grow flag 3.
    expect(fuel?.index).toBe(2);
    expect(mod.exports.find((e) => e.name === prepared.growDeniedExport)?.index).toBe(3);
  });

  test("a module without any global section gets one, in the right place", () => {
    const prepared = prepareModule(wat(`(module (func (export "f") (result i32) (i32.const 7)))`));
    expect(WebAssembly.validate(prepared.bytes)).toBe(true);
    expect(prepared.growDeniedExport).toBeNull();
  });
});

describe("fuel metering", () => {
  test("fuel starts at the budget; a call without fuel traps at once; use is deterministic and bounded", () => {
    const prepared = prepareModule(wat("compute"), { fuel: 12345 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(prepared.bytes), {});
    const fuel = instance.exports[prepared.fuelExport] as WebAssembly.Global;
    const crunch = instance.exports.crunch as (n: number) => bigint;
    expect(fuel.value).toBe(12345n);
    fuel.value = 0n;
    expect(() => crunch(1)).toThrow(WebAssembly.RuntimeError);
    expect(fuel.value as bigint).toBeLessThan(0n);

    const used = (n: number) => {
      fuel.value = 1_000_000_000n;
      crunch(n);
      return 1_000_000_000n - (fuel.value as bigint);
    };
    const [used0, used10, used20] = [used(0), used(10), used(20)];
    // 100 inner iterations of ~30 instructions per outer round, charged identically each round.
    expect(used10 - used0).toBeGreaterThan(10n * 100n * 20n);
    expect(used20 - used10).toBe(used10 - used0);
    expect(used(10)).toBe(used10);
    fuel.value = used10 - 1n;
    expect(() => crunch(10)).toThrow(WebAssembly.RuntimeError);
    fuel.value = used10;
    expect(() => crunch(10)).not.toThrow();
    expect(fuel.value).toBe(0n);
  });
});

describe("Extism plugins under the sandbox", () => {
  test("a start function runs under the budget: a benign one works, a spinning one cannot hang instantiation", async () => {
    const benign = prepareModule(wat(`(module (global $g (mut i32) (i32.const 0))
      (func $init (global.set $g (i32.const 42))) (start $init)
      (func (export "ok") (result i32) (i32.const 0)))`));
    const plugin = await createPlugin({ wasm: [{ data: benign.bytes }] }, { useWasi: false, runInWorker: false });
    expect((await (await MeteredPlugin.attach(plugin, benign)).call("ok")).output).toBeNull();

    const spinning = prepareModule(wat(`(module (func $init (loop $l (br $l))) (start $init))`));
    const started = performance.now();
    const e = await rejection(createPlugin({ wasm: [{ data: spinning.bytes }] }, { useWasi: false, runInWorker: false }));
    expect(e).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("a start function has its own small budget (1 M by default), not a call's", async () => {
    // ~3 M instructions: 300,000 iterations of a 10-instruction loop body.
    const src = `(module (global $i (mut i32) (i32.const 0))
      (func $init (loop $l (global.set $i (i32.add (global.get $i) (i32.const 1))) (br_if $l (i32.lt_u (global.get $i) (i32.const 300000)))))
      (start $init) (func (export "ok") (result i32) (i32.const 0)))`;
    const small = prepareModule(wat(src), { fuel: 50_000_000 });
    expect(small.limits.startFuel).toBe(1_000_000);
    const started = performance.now();
    expect(await rejection(createPlugin({ wasm: [{ data: small.bytes }] }, { useWasi: false, runInWorker: false }))).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(performance.now() - started).toBeLessThan(500);
    const roomy = prepareModule(wat(src), { fuel: 50_000_000, startFuel: 10_000_000 });
    const plugin = await createPlugin({ wasm: [{ data: roomy.bytes }] }, { useWasi: false, runInWorker: false });
    expect((await (await MeteredPlugin.attach(plugin, roomy)).call("ok")).output).toBeNull();
  });

  test("an infinite loop ends with PluginBudgetExceeded within a second and leaves no CPU burning", async () => {
    const { metered } = await sandboxed("spin");
    const started = performance.now();
    const e = await rejection(metered.call("spin"));
    const elapsed = performance.now() - started;
    expect(e).toBeInstanceOf(PluginBudgetExceeded);
    expect((e as PluginBudgetExceeded).reason).toBe("fuel");
    expect((e as PluginBudgetExceeded).budget).toBe(BigInt(DEFAULT_LIMITS.fuel));
    expect(elapsed).toBeLessThan(1000);
    // A thread left spinning would use 200–500 ms of CPU in the window; measured per thread (not noisy).
    expect(await busiestThreadCpuMs(500)).toBeLessThan(100);
  });

  test("the instance is reusable after a budget error", async () => {
    const { metered } = await sandboxed("spin");
    for (let i = 0; i < 3; i++) {
      expect(await rejection(metered.call("spin", undefined, 100_000))).toBeInstanceOf(PluginBudgetExceeded);
      const ok = await metered.call("ok");
      expect(ok.output).toBeNull();
      expect(ok.fuelUsed).toBeGreaterThan(0n);
    }
  });

  test("the plugin's own unreachable is not reported as a budget error", async () => {
    const { metered } = await sandboxed("spin");
    const e = await rejection(metered.call("trap"));
    expect(e).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(e).not.toBeInstanceOf(PluginSandboxError);
  });

  test("a recursion bomb is a clean PluginStackOverflow and the instance still works", async () => {
    const { metered } = await sandboxed("recurse", { fuel: 1n << 40n });
    const e = await rejection(metered.call("recurse"));
    expect(e).toBeInstanceOf(PluginStackOverflow);
    expect((e as PluginStackOverflow).reason).toBe("stack");
    expect(await rejection(metered.call("recurse"))).toBeInstanceOf(PluginStackOverflow);
  });

  test("with a small budget the same recursion bomb runs out of fuel first", async () => {
    const { metered } = await sandboxed("recurse", { fuel: 1000 });
    expect(await rejection(metered.call("recurse"))).toBeInstanceOf(PluginBudgetExceeded);
  });

  test("memory.grow stops at the cap: a plugin that checks sees the cap, one that traps gets PluginMemoryExceeded", async () => {
    const { metered } = await sandboxed("grow", { memoryPages: 8 });
    const report = await metered.call("grow_report");
    expect(Array.from(report.output?.bytes() ?? [])).toEqual([8, 0, 0, 0]);
    const e = await rejection(metered.call("grow_trap"));
    expect(e).toBeInstanceOf(PluginMemoryExceeded);
    expect((e as PluginMemoryExceeded).reason).toBe("linear-memory");
    expect((e as PluginMemoryExceeded).limitBytes).toBe(8 * 65536);
  });

  test("a declared maximum above the limit is lowered; an initial size above it is refused at load", () => {
    const capped = readModule(prepareModule(wat(`(module (memory 2 1000))`), { memoryPages: 10 }).bytes);
    expect(capped.memories[0]).toEqual({ min: 2, max: 10 });
    const unbounded = readModule(prepareModule(wat(`(module (memory 1))`), { memoryPages: 10 }).bytes);
    expect(unbounded.memories[0]).toEqual({ min: 1, max: 10 });
    const imported = readModule(prepareModule(wat(`(module (import "env" "memory" (memory 1)))`), { memoryPages: 3 }).bytes);
    expect(imported.imports[0].desc).toEqual({ kind: 2, memory: { min: 1, max: 3 } });
    expect(() => prepareModule(wat(`(module (memory 20))`), { memoryPages: 10 })).toThrow(PluginModuleRejected);
    expect(() => prepareModule(wat(`(module (memory 20))`), { memoryPages: 10 })).toThrow(/starts at 20 pages/);
  });

  test("an alloc loop through the Extism kernel is stopped at the host memory limit", async () => {
    const { metered } = await sandboxed("alloc-bomb", { hostMemoryBytes: 8 * 1024 * 1024, fuel: 1n << 40n });
    const heapBefore = process.memoryUsage().heapUsed;
    const e = await rejection(metered.call("bomb"));
    expect(e).toBeInstanceOf(PluginMemoryExceeded);
    expect((e as PluginMemoryExceeded).reason).toBe("host-memory");
    // It could only get ~8 MiB before being stopped, and reset() freed that.
    Bun.gc(true);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(16 * 1024 * 1024);
  });

  test("a normal plugin produces the right output, binary-safe", async () => {
    const { metered } = await sandboxed("echo");
    const text = await metered.call("echo", "héllo, plugin");
    expect(text.output?.text()).toBe("héllo, plugin");
    const bytes = new Uint8Array(300).map((_, i) => (i * 7) & 0xff);
    const bin = await metered.call("echo", bytes);
    expect(bin.output?.bytes()).toEqual(bytes);
    expect(bin.fuelUsed).toBeGreaterThan(text.fuelUsed);
  });

  // The heap of this process is what is measured: in a fresh process (support/fresh-process.ts).
  if (!inFreshProcess(import.meta.path)) runInFreshProcess(import.meta.path, "memory stays flat");
  (inFreshProcess(import.meta.path) ? test : test.skip)("100,000 consecutive calls with reset succeed and memory stays flat", async () => {
    const { metered } = await sandboxed("echo");
    const input = "0123456789abcdef";
    for (let i = 0; i < 1000; i++) await metered.call("echo", input); // warm up JIT and heap
    Bun.gc(true);
    const before = process.memoryUsage();
    for (let i = 0; i < 100_000; i++) {
      const r = await metered.call("echo", input);
      if (r.output?.text() !== input) throw new Error(`call ${i} returned ${r.output?.text()}`);
    }
    Bun.gc(true);
    const after = process.memoryUsage();
    // The SDK's leak keeps every call's blocks (ArrayBuffers) alive: it shows in heap + arrayBuffers.
    // RSS is not asserted here: bun runs every test file in one process, so it moves with the others.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(4 * 1024 * 1024);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(4 * 1024 * 1024);
  }, 120_000);
});

describe("MeteredPlugin", () => {
  test("overlapping calls keep their own output and fuel accounting", async () => {
    const { metered } = await sandboxed("echo");
    const inputs = Array.from({ length: 20 }, (_, i) => "x".repeat(i));
    const sequential: bigint[] = [];
    for (const s of inputs) sequential.push((await metered.call("echo", s)).fuelUsed);
    const overlapping = await Promise.all(inputs.map((s) => metered.call("echo", s)));
    expect(overlapping.map((o) => o.output?.text() ?? "")).toEqual(inputs);
    expect(overlapping.map((o) => o.fuelUsed)).toEqual(sequential);
  });
});

describe("bulk instructions cost what they touch", () => {
  const limits = { fuel: 5_000_000, memoryPages: 256, tableElements: 65_536 };

  for (const name of ["fill", "copy", "table_fill", "table_copy"]) {
    test(`a loop of maximal ${name} ends with PluginBudgetExceeded within a small budget, fast`, async () => {
      const { metered } = await sandboxed("bulk-bomb", limits);
      const started = performance.now();
      const e = await rejection(metered.call(name));
      expect(e).toBeInstanceOf(PluginBudgetExceeded);
      // Before: ~15 fuel per iteration, i.e. ~300 k iterations of a 16 MiB fill (minutes) in 5 M fuel.
      expect(performance.now() - started).toBeLessThan(500);
    });
  }

  test("the charge follows the length operand at run time (1 per 16 bytes)", () => {
    const prepared = prepareModule(wat("bulk-bomb"), limits);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(prepared.bytes), {});
    const fuel = instance.exports[prepared.fuelExport] as WebAssembly.Global;
    const used = (n: number) => {
      fuel.value = 10_000_000n;
      (instance.exports.one_fill as (n: number) => number)(n);
      return 10_000_000n - (fuel.value as bigint);
    };
    const base = used(0);
    expect(used(16) - base).toBe(1n);
    expect(used(1 << 20) - base).toBe(65_536n);
    expect(used(16 << 20) - base).toBe(1_048_576n);
  });

  test("memory.grow is charged per page asked for (granted or refused) and per page the memory has", () => {
    const prepared = prepareModule(wat(`(module (memory 1) (func (export "g") (param i32) (result i32) (memory.grow (local.get 0))))`), { memoryPages: 8 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(prepared.bytes), {});
    const fuel = instance.exports[prepared.fuelExport] as WebAssembly.Global;
    const used = (n: number): [number, bigint] => {
      fuel.value = 1n << 40n;
      const r = (instance.exports.g as (n: number) => number)(n);
      return [r, (1n << 40n) - (fuel.value as bigint)];
    };
    const [, base] = used(0); // a memory of 1 page
    expect(used(2)).toEqual([1, base + 2n * 4096n]);
    // Now 3 pages: 2 more than when `base` was measured, each charged as a page (the engine may copy them).
    expect(used(1000)).toEqual([-1, base + (1000n + 2n) * 4096n]);
  });
});
