/**
 * @extism/extism 1.0.3 (our dependency) against a 2.0 release candidate, on Bun, measured here:
 * per-call cost, the block leak without reset(), getInstance() + an exported mutable global,
 * host functions in extism:host/user and overrides of extism:host/env, manifest.config,
 * timeoutMs, memory.maxPages, and the errors from error_set and from a trap.
 *
 * The RC is NOT a dependency of Binventory; install it in a scratch folder and point at it:
 *   mkdir -p /tmp/extism-rc && cd /tmp/extism-rc && npm init -y && npm install @extism/extism@2.0.0-rc13
 *   EXTISM_RC_DIR=/tmp/extism-rc node_modules/.bin/bun bench/extism-versions.ts [--quick]
 * EXTISM_RC_DIR may be the scratch folder or the package folder itself.
 * Results: plugin-sdk/EXTISM-VERSIONS.md.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

type Mod = { default: (manifest: unknown, opts?: Record<string, unknown>) => Promise<any> };
type Version = { label: string; create: Mod["default"]; modPath: string };

// ---- load both SDKs -------------------------------------------------------------------------
function rcPackageDir(): string {
  const dir = process.env.EXTISM_RC_DIR;
  if (!dir) {
    console.error(
      "EXTISM_RC_DIR is not set. Install the 2.0 RC in a scratch folder and point at it:\n" +
        "  mkdir -p /tmp/extism-rc && cd /tmp/extism-rc && npm init -y && npm install @extism/extism@2.0.0-rc13\n" +
        "  EXTISM_RC_DIR=/tmp/extism-rc node_modules/.bin/bun bench/extism-versions.ts",
    );
    process.exit(2);
  }
  for (const d of [join(dir, "node_modules/@extism/extism"), dir]) {
    const pj = join(d, "package.json");
    if (existsSync(pj) && JSON.parse(readFileSync(pj, "utf8")).name === "@extism/extism") return d;
  }
  console.error(`EXTISM_RC_DIR=${dir}: no @extism/extism package there (nor in its node_modules)`);
  process.exit(2);
}
const V1_DIR = join(import.meta.dir, "../node_modules/@extism/extism");
const RC_DIR = rcPackageDir();
const pkgVersion = (d: string) => JSON.parse(readFileSync(join(d, "package.json"), "utf8")).version as string;
// Both are loaded through their Bun build (the "bun" export condition), by absolute path.
async function load(dir: string): Promise<Version> {
  const modPath = join(dir, "dist/bun/mod.js");
  const m = (await import(modPath)) as Mod;
  return { label: pkgVersion(dir), create: m.default, modPath };
}

// ---- the test plugin ------------------------------------------------------------------------
const WAT = `
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "get_log_level" (func $get_log_level (result i32)))
  (import "extism:host/user" "greet" (func $greet (param i64) (result i64)))
  (memory (export "memory") 1)
  (global $fuel (export "fuel") (mut i64) (i64.const 0))
  (global $allocs (export "allocs") (mut i32) (i32.const 0))
  (data (i32.const 0) "plugin said no")
  (data (i32.const 16) "greeting")
  (data (i32.const 32) "denied")
  (data (i32.const 48) "grown")

  (func $block_from (param $ptr i32) (param $len i32) (result i64)
    (local $off i64) (local $i i32)
    (local.set $off (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (call $store_u8 (i64.add (local.get $off) (i64.extend_i32_u (local.get $i)))
                      (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $off))
  (func $output_block (param $off i64)
    (call $output_set (local.get $off) (call $length (local.get $off))))

  ;; echo: input copied byte by byte into a new block; burns one unit of "fuel"
  (func (export "echo") (result i32)
    (local $n i64) (local $i i64) (local $out i64)
    (global.set $fuel (i64.sub (global.get $fuel) (i64.const 1)))
    (local.set $n (call $input_length))
    (local.set $out (call $alloc (local.get $n)))
    (block $done (loop $next
      (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
      (call $store_u8 (i64.add (local.get $out) (local.get $i)) (call $input_load_u8 (local.get $i)))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $next)))
    (call $output_set (local.get $out) (local.get $n))
    (i32.const 0))
  (func (export "fail") (result i32)
    (call $error_set (call $block_from (i32.const 0) (i32.const 14)))
    (i32.const 1))
  (func (export "trap") (result i32) unreachable)
  (func (export "cfg") (result i32)
    (local $v i64)
    (local.set $v (call $config_get (call $block_from (i32.const 16) (i32.const 8))))
    (if (i64.ne (local.get $v) (i64.const 0)) (then (call $output_block (local.get $v))))
    (i32.const 0))
  (func (export "host") (result i32)
    (call $output_block (call $greet (i64.const 7)))
    (i32.const 0))
  (func (export "level") (result i32)
    (local $p i64)
    (local.set $p (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $p) (i32.add (call $get_log_level) (i32.const 48)))
    (call $output_set (local.get $p) (i64.const 1))
    (i32.const 0))
  ;; grows linear memory by 255 pages (~16 MiB) at once
  (func (export "grow") (result i32)
    (if (i32.eq (memory.grow (i32.const 255)) (i32.const -1))
      (then (call $output_block (call $block_from (i32.const 32) (i32.const 6))))
      (else (call $output_block (call $block_from (i32.const 48) (i32.const 5)))))
    (i32.const 0))
  ;; 200 host blocks of 1 MiB; counts the allocs that returned a non-zero offset
  (func (export "hostbomb") (result i32)
    (local $i i32)
    (global.set $allocs (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.const 200)))
      (if (i64.ne (call $alloc (i64.const 1048576)) (i64.const 0))
        (then (global.set $allocs (i32.add (global.get $allocs) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.const 0))
  (func (export "spin") (result i32) (loop $l (br $l)) (i32.const 0))
)`;
const wabt = await (await import("wabt")).default();
const WASM = new Uint8Array(wabt.parseWat("versions.wat", WAT).toBinary({}).buffer);

let allocOverrideCalls = 0;
/** withEnv false: only what a plugin needs to link on both versions (no alloc wrapper), for workers. */
const functions = (withEnv = true) => ({
  "extism:host/user": { greet: (ctx: any, n: bigint) => ctx.store(`hello ${n}`) },
  ...(withEnv
    ? {
        "extism:host/env": {
          // wraps the SDK's alloc, as Binventory's kernel guard does
          alloc: (ctx: any, size: bigint) => {
            allocOverrideCalls++;
            return ctx.alloc(size);
          },
          // 1.0.3 lacks get_log_level; Binventory supplies it
          get_log_level: () => 2,
        },
      }
    : { "extism:host/env": { get_log_level: () => 2 } }),
});
const manifest = (extra: Record<string, unknown> = {}) => ({ wasm: [{ data: WASM }], ...extra });
const INPUT = JSON.stringify({ sku: "AB-1234", qty: 12, loc: "A1" }); // 36 bytes

const short = (e: unknown) => {
  const s = e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
  return s.length > 160 ? s.slice(0, 157) + "..." : s;
};
async function attempt<T = any>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, error: short(e) };
  }
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- child mode: a worker plugin spinning forever with timeoutMs (may never settle) -----------
if (process.argv[2] === "--child-spin") {
  const v = await load(process.argv[3] === "rc" ? RC_DIR : V1_DIR);
  const p = await v.create(manifest(), { runInWorker: true, timeoutMs: 300, functions: functions(false) });
  const t = performance.now();
  await p.call("spin").then(
    () => console.log("RESULT returned"),
    (e: unknown) => console.log(`RESULT rejected after ${Math.round(performance.now() - t)} ms: ${short(e)}`),
  );
  process.exit(0);
}

const quick = process.argv.includes("--quick");
const RUNS = quick ? 3 : 9;
const CALLS = quick ? 5_000 : 20_000;
const WORKER_CALLS = quick ? 200 : 1_000;

const v1 = await load(V1_DIR);
const rc = await load(RC_DIR);
const versions = [v1, rc];
const report: Record<string, Record<string, string>> = { [v1.label]: {}, [rc.label]: {} };
const note = (v: Version, key: string, value: string) => {
  report[v.label][key] = value;
  console.log(`[${v.label}] ${key}: ${value}`);
};

// ---- 1. per-call cost, foreground -----------------------------------------------------------
type Variant = { name: string; v: Version; fn: () => Promise<unknown> };
async function foregroundVariants(v: Version): Promise<Variant[]> {
  const p = await v.create(manifest(), { useWasi: false, runInWorker: false, functions: functions() });
  const fuel = (await p.getInstance()).exports.fuel as WebAssembly.Global;
  const out: Variant[] = [
    { name: "call", v, fn: () => p.call("echo", INPUT) },
    {
      name: "call + reset()",
      v,
      fn: async () => {
        await p.call("echo", INPUT);
        await p.reset();
      },
    },
    {
      name: "call + reset() + fuel global set/read",
      v,
      fn: async () => {
        fuel.value = 1_000_000n;
        const o = await p.call("echo", INPUT);
        o?.bytes();
        if (fuel.value !== 999_999n) throw new Error(`fuel ${fuel.value}`);
        await p.reset();
      },
    },
  ];
  // Sanity: echo really echoes.
  const echoed = (await p.call("echo", INPUT))?.text();
  await p.reset();
  if (echoed !== INPUT) throw new Error(`${v.label}: echo returned ${echoed}`);
  return out;
}
const variants = [...(await foregroundVariants(v1)), ...(await foregroundVariants(rc))].filter(
  // 1.0.3 without reset dies after ~16k calls: it is measured in section 2, not timed here.
  (x) => !(x.v === v1 && x.name === "call"),
);
for (const x of variants) for (let i = 0; i < 2_000; i++) await x.fn(); // warm-up (v1 resets: no leak)
const samples = new Map<Variant, number[]>(variants.map((x) => [x, []]));
for (let r = 0; r < RUNS; r++) {
  for (const x of variants) {
    const t = Bun.nanoseconds();
    for (let i = 0; i < CALLS; i++) await x.fn();
    samples.get(x)!.push((Bun.nanoseconds() - t) / CALLS);
  }
}
for (const x of variants) {
  const xs = samples.get(x)!;
  note(x.v, `fg ns/call: ${x.name}`, `${Math.round(median(xs))} (runs: ${xs.map(Math.round).join(", ")})`);
}

// ---- 2. many calls without reset() ----------------------------------------------------------
for (const v of versions) {
  const p = await v.create(manifest(), { runInWorker: false, functions: functions() });
  const N = 40_000;
  let failedAt = -1;
  let err = "";
  for (let i = 0; i < N; i++) {
    try {
      const o = await p.call("echo", INPUT);
      if (o?.text() !== INPUT) throw new Error(`wrong output: ${o?.text()}`);
    } catch (e) {
      failedAt = i;
      err = short(e);
      break;
    }
  }
  note(v, "40,000 calls without reset()", failedAt < 0 ? "all succeeded" : `fails at call #${failedAt + 1}: ${err}`);
}

// ---- 3. getInstance(), exported globals, host functions, env overrides --------------------------
for (const v of versions) {
  const p = await v.create(manifest(), { runInWorker: false, functions: functions() });
  const inst = await attempt(() => p.getInstance());
  if (inst.ok) {
    const i = inst.value as WebAssembly.Instance;
    const g = i.exports.fuel;
    (g as WebAssembly.Global).value = 10n;
    await p.call("echo", INPUT);
    await p.reset();
    note(
      v,
      "getInstance() (foreground)",
      `${i instanceof WebAssembly.Instance ? "WebAssembly.Instance" : typeof i}; exported mut global fuel 10 -> ${(g as WebAssembly.Global).value} after one call`,
    );
  } else note(v, "getInstance() (foreground)", `throws ${inst.error}`);

  const host = await attempt(async () => (await p.call("host"))?.text());
  await p.reset();
  note(v, 'host function "extism:host/user" greet', host.ok ? `ok: "${host.value}"` : `fails: ${host.error}`);

  const before = allocOverrideCalls;
  await p.call("echo", INPUT);
  await p.reset();
  note(v, 'override of "extism:host/env" alloc', `wrapper called ${allocOverrideCalls - before} time(s) by one echo`);
  const lvl = await attempt(async () => (await p.call("level"))?.text());
  await p.reset();
  note(v, 'override of "extism:host/env" get_log_level (returns 2)', lvl.ok ? `guest saw "${lvl.value}"` : `fails: ${lvl.error}`);

  const bare = await attempt(() =>
    v.create(manifest(), { runInWorker: false, functions: { "extism:host/user": functions()["extism:host/user"] } }),
  );
  note(
    v,
    "instantiation without supplying get_log_level",
    bare.ok ? `ok (SDK provides it; guest saw "${(await bare.value.call("level"))?.text()}")` : `fails: ${bare.error}`,
  );
}

// ---- 4. config, timeoutMs, maxPages -------------------------------------------------------
for (const v of versions) {
  const cfgCall = async (m: object, o: object) => {
    const p = await v.create(m, { runInWorker: false, functions: functions(), ...o });
    const out = (await p.call("cfg"))?.text();
    return out === undefined || out === "" ? "null (key not found)" : `"${out}"`;
  };
  note(v, "config_get with manifest.config", await cfgCall(manifest({ config: { greeting: "from-manifest" } }), {}));
  note(v, "config_get with options.config", await cfgCall(manifest(), { config: { greeting: "from-option" } }));

  const fgTimeout = await attempt(async () => {
    const p = await v.create(manifest(), { runInWorker: false, timeoutMs: 300, functions: functions() });
    return (await p.call("echo", INPUT))?.text();
  });
  note(v, "timeoutMs in the foreground", fgTimeout.ok ? "accepted and ignored (call runs without any limit)" : `createPlugin rejects: ${fgTimeout.error}`);

  // Worker + spin: in a child process that is killed if it has not finished after 4 s.
  const child = Bun.spawn([process.execPath, import.meta.path, "--child-spin", v === rc ? "rc" : "v1"], {
    env: { ...process.env, EXTISM_RC_DIR: RC_DIR },
    stdout: "pipe",
    stderr: "pipe",
  });
  const killer = setTimeout(() => child.kill(9), 4_000);
  const code = await child.exited;
  clearTimeout(killer);
  const text = (await new Response(child.stdout).text()).split("\n").find((l) => l.startsWith("RESULT"));
  note(
    v,
    "timeoutMs 300 in a worker, guest spins forever",
    text ? text.replace("RESULT ", "") : `never settled: child killed after 4 s (exit ${code}, signal ${child.signalCode})`,
  );

  const mem = await attempt(async () => {
    let logged = 0;
    const logger = { ...console, error: () => void logged++ } as Console;
    const p = await v.create(manifest({ memory: { maxPages: 4 } }), { runInWorker: false, functions: functions(), logger });
    const out = (await p.call("grow"))?.text();
    const pages = ((await p.getInstance()).exports.memory as WebAssembly.Memory).buffer.byteLength / 65536;
    await p.reset();
    const bomb = await attempt(() => p.call("hostbomb"));
    const allocs = ((await p.getInstance()).exports.allocs as WebAssembly.Global).value;
    await p.reset();
    return `linear memory.grow(255): ${out} (now ${pages} pages); 200 host alloc(1 MiB): ${allocs} non-zero${bomb.ok ? "" : `, call ${bomb.error}`}${logged ? `, ${logged} "memory limit exceeded" logs` : ""}`;
  });
  note(v, "manifest memory.maxPages 4", mem.ok ? mem.value : `fails: ${mem.error}`);
}

// ---- 5. error shapes ----------------------------------------------------------------------
for (const v of versions) {
  const p = await v.create(manifest(), { runInWorker: false, functions: functions() });
  const e1 = await attempt(() => p.call("fail"));
  await p.reset();
  note(v, "error_set + return 1", e1.ok ? `no throw (output ${(e1.value as any)?.text?.()})` : e1.error);
  const e2 = await attempt(() => p.call("trap"));
  note(v, "trap (unreachable)", e2.ok ? "no throw" : e2.error);
  const after = await attempt(async () => (await p.call("echo", INPUT))?.text());
  note(v, "echo right after the trap, before reset()", after.ok ? (after.value === INPUT ? "ok" : `wrong: ${after.value}`) : after.error);
  await p.reset();
  const after2 = await attempt(async () => (await p.call("echo", INPUT))?.text());
  note(v, "echo after trap + reset()", after2.ok ? (after2.value === INPUT ? "ok" : `wrong: ${after2.value}`) : after2.error);
  const missing = await attempt(() => p.call("nope"));
  note(v, "call of a missing export", missing.ok ? "no throw" : missing.error);
}

// ---- worker mode, briefly -----------------------------------------------------------------
for (const v of versions) {
  const p = await v.create(manifest(), { runInWorker: true, functions: functions(false) });
  const inst = await attempt(() => p.getInstance());
  note(v, "getInstance() in a worker", inst.ok ? "returns something" : `throws ${inst.error}`);
  const host = await attempt(async () => (await p.call("host"))?.text());
  note(v, "host function in a worker", host.ok ? `ok: "${host.value}"` : `fails: ${host.error}`);
  const fn = async () => {
    const o = await p.call("echo", INPUT);
    if (o?.text() !== INPUT) throw new Error("bad echo in worker");
    await p.reset();
  };
  for (let i = 0; i < 100; i++) await fn();
  const xs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = Bun.nanoseconds();
    for (let i = 0; i < WORKER_CALLS; i++) await fn();
    xs.push((Bun.nanoseconds() - t) / WORKER_CALLS);
  }
  note(v, "worker ns/call: call + reset()", `${Math.round(median(xs))} (runs of ${WORKER_CALLS}: ${xs.map(Math.round).join(", ")})`);
  await p.close();
}

console.log("\n## JSON\n" + JSON.stringify(report, null, 2));
process.exit(0);
