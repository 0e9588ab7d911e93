/**
 * Measures what the plugin sandbox costs: metering overhead on a compute loop, prepareModule on a
 * ~100 KB module, an Extism call + reset metered vs not, and recreating an instance.
 * Run: node_modules/.bin/bun bench/plugin-sandbox.ts
 */
import { readFileSync } from "node:fs";
import createPlugin from "@extism/extism";
import { createKernelGuard, MeteredPlugin, prepareModule } from "../server/plugin-host/sandbox/index.ts";

const wabt = await (await import("wabt")).default();
const fixture = (name: string) => readFileSync(`${import.meta.dir}/../tests/fixtures/wat/${name}.wat`, "utf8");
const compile = (src: string) => new Uint8Array(wabt.parseWat("b.wat", src).toBinary({}).buffer);

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median times of two functions run alternately, so machine noise hits both alike. */
function abTime(a: () => void, b: () => void, runs: number): [number, number] {
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < runs; i++) {
    xa.push(time(a, 1));
    xb.push(time(b, 1));
  }
  return [median(xa), median(xb)];
}
function time(fn: () => void, runs: number): number {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}
async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  for (let i = 0; i < Math.min(runs, 2000); i++) await fn();
  const t = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  return (performance.now() - t) / runs;
}

// 1. Metering overhead on a compute-heavy loop (raw WebAssembly, no Extism).
const computeRaw = compile(fixture("compute"));
const computePrepared = prepareModule(computeRaw);
const plain = new WebAssembly.Instance(new WebAssembly.Module(computeRaw), {});
const metered = new WebAssembly.Instance(new WebAssembly.Module(computePrepared.bytes), {});
const fuel = metered.exports[computePrepared.fuelExport] as WebAssembly.Global;
const crunchPlain = plain.exports.crunch as (n: number) => bigint;
const crunchMetered = metered.exports.crunch as (n: number) => bigint;
const coldPlain = time(() => crunchPlain(20_000), 1);
fuel.value = 1n << 60n;
const coldMetered = time(() => crunchMetered(20_000), 1);
const [hotPlain, hotMetered] = abTime(
  () => crunchPlain(20_000),
  () => {
    fuel.value = 1n << 60n;
    crunchMetered(20_000);
  },
  31,
);
console.log(`compute loop 2M iterations: unmetered ${hotPlain.toFixed(2)} ms, metered ${hotMetered.toFixed(2)} ms, ratio ${(hotMetered / hotPlain).toFixed(2)} (first call: ${coldPlain.toFixed(1)} vs ${coldMetered.toFixed(1)} ms)`);

// A tight loop (about 8 instructions per iteration) is the worst case for the relative overhead.
const tight = compile(`(module (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $acc i32)
  (loop $l
    (local.set $acc (i32.add (local.get $acc) (local.get $i)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
  (local.get $acc)))`);
const tightPrepared = prepareModule(tight);
const tp = new WebAssembly.Instance(new WebAssembly.Module(tight), {}).exports.sum as (n: number) => number;
const tmInst = new WebAssembly.Instance(new WebAssembly.Module(tightPrepared.bytes), {});
const tm = tmInst.exports.sum as (n: number) => number;
const tFuel = tmInst.exports[tightPrepared.fuelExport] as WebAssembly.Global;
const [tightPlain, tightMetered] = abTime(
  () => tp(20_000_000),
  () => {
    tFuel.value = 1n << 60n;
    tm(20_000_000);
  },
  31,
);
console.log(`tight loop 20M iterations: unmetered ${tightPlain.toFixed(1)} ms, metered ${tightMetered.toFixed(1)} ms, ratio ${(tightMetered / tightPlain).toFixed(2)}`);

// Worst case for the wall-clock length of a budget: a fresh instance spinning in `loop br 0`.
const spin = prepareModule(compile(fixture("spin")));
const spinTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(spin.bytes), {});
  (inst.exports[spin.fuelExport] as WebAssembly.Global).value = 10_000_000n;
  const t = performance.now();
  try {
    (inst.exports.spin as () => number)();
  } catch {
    spinTimes.push(performance.now() - t);
  }
}
console.log(`10M fuel of 'loop br 0' on a fresh instance: ${median(spinTimes).toFixed(0)} ms`);

// 2. prepareModule on a ~100 KB module of loops, calls and memory traffic.
const funcs: string[] = [];
for (let i = 0; i < 1200; i++) {
  funcs.push(`(func $f${i} (param $n i32) (result i32) (local $i i32) (local $a i32)
    (block $out (loop $l
      (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0xfff)) (local.get $a))
      (local.set $a (i32.add (local.get $a) (i32.xor (i32.load (i32.const ${i * 4 % 4096})) (i32.const ${i}))))
      (if (i32.and (local.get $a) (i32.const 1)) (then (local.set $a (i32.rotl (local.get $a) (i32.const 3)))) (else (local.set $a (i32.sub (local.get $a) (i32.const 7)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    ${i > 0 ? `(i32.add (local.get $a) (call $f${i - 1} (i32.const 0)))` : "(local.get $a)"})`);
}
const big = compile(`(module (memory 1) ${funcs.join("\n")} (export "f" (func $f1199)))`);
const prepTime = time(() => prepareModule(big), 20);
const compileTime = time(() => new WebAssembly.Module(big), 20);
console.log(`prepareModule on ${(big.length / 1024).toFixed(0)} KB (${funcs.length} functions): ${prepTime.toFixed(2)} ms (WebAssembly.Module compile of the same: ${compileTime.toFixed(2)} ms); output ${((prepareModule(big).bytes.length / big.length - 1) * 100).toFixed(0)}% larger`);

// 3. Extism call + reset, metered vs unmetered (foreground).
for (const [name, fn, input] of [["spin", "ok", undefined], ["echo", "echo", "0123456789abcdef"]] as const) {
  const raw = compile(fixture(name));
  const prepared = prepareModule(raw);
  const guard = createKernelGuard(prepared.limits.hostMemoryBytes);
  const mp = await MeteredPlugin.attach(
    await createPlugin({ wasm: [{ data: prepared.bytes }] }, { useWasi: false, runInWorker: false, functions: guard.functions }),
    prepared,
    guard,
  );
  const up = await createPlugin({ wasm: [{ data: raw }] }, { useWasi: false, runInWorker: false });
  const n = 50_000;
  const tu = await timeAsync(async () => {
    await up.call(fn, input);
    await up.reset();
  }, n);
  const tm = await timeAsync(() => mp.call(fn, input), n);
  console.log(`Extism call+reset of '${fn}': unmetered ${(tu * 1000).toFixed(2)} µs, metered (MeteredPlugin.call) ${(tm * 1000).toFixed(2)} µs, ratio ${(tm / tu).toFixed(2)}`);
}

// 4. Recreating an instance after an error: from a precompiled module vs from bytes.
const echo = prepareModule(compile(fixture("echo")));
const echoModule = new WebAssembly.Module(echo.bytes);
const recreate = async (wasm: { module: WebAssembly.Module } | { data: Uint8Array }) => {
  const guard = createKernelGuard(echo.limits.hostMemoryBytes);
  return MeteredPlugin.attach(await createPlugin({ wasm: [wasm] }, { useWasi: false, runInWorker: false, functions: guard.functions }), echo, guard);
};
const fromModule = await timeAsync(() => recreate({ module: echoModule }), 2000);
const fromBytes = await timeAsync(() => recreate({ data: echo.bytes }), 2000);
console.log(`recreate plugin + attach: from a compiled WebAssembly.Module ${(fromModule * 1000).toFixed(1)} µs, from bytes ${(fromBytes * 1000).toFixed(1)} µs`);
