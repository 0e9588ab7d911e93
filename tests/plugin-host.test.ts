import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PLUGIN_WORKER_URL } from "../server/plugin-bridge/worker-url.ts";
import { WorkerPoolExecutor } from "../server/plugin-host/executor-workers.ts";
import { createLogger } from "../server/core/log.ts";
import { busiestThreadCpuMs } from "./fixtures/thread-cpu.ts";
import { pluginsDir, watToWasm, writePlugin } from "./support/plugins.ts";
import { inFreshProcess, runInFreshProcess } from "./support/fresh-process.ts";

const GOOD_WAT = `(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\\"result\\":7}")
  (func (export "action_run") (result i32)
    (local $out i64) (local $i i32)
    (local.set $out (call $alloc (i64.const 12)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (i32.const 12)))
      (call $store_u8 (i64.add (local.get $out) (i64.extend_i32_u (local.get $i))) (i32.load8_u (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (call $output_set (local.get $out) (i64.const 12))
    (i32.const 0)))`;

const manifest = (slug: string, extra: Record<string, unknown> = {}) => ({ abi: 1, slug, name: slug, version: "1.0.0", kinds: { action: { actions: [`${slug}-go`] } }, ...extra });

let t: TestApp;
let dir: string;
const act = (action: string, as: "staff" | "readonly" | "superuser" = "staff") => t.call("POST", "/api/action/", { action, data: {} }, as);

beforeAll(async () => {
  dir = pluginsDir({ fixtures: ["misbehave", "barcode-abc", "barcode-none", "heavy"] });
  const good = watToWasm("good.wat", GOOD_WAT);
  writePlugin(dir, "good", manifest("good"), good);
  writePlugin(dir, "later", manifest("later", { kinds: { action: { actions: ["later-go", "good-go"] } } }), good);
  writePlugin(dir, "bad-json", "{ not json");
  writePlugin(dir, "future-abi", { ...manifest("future-abi"), abi: 2 }, good);
  writePlugin(dir, "wrong-folder", manifest("another-slug"), good);
  writePlugin(dir, "no-wasm", manifest("no-wasm"));
  writePlugin(dir, "not-wasm", manifest("not-wasm"), "this is not a module");
  writePlugin(dir, "no-export", manifest("no-export", { kinds: { barcode: {} } }), good);
  writePlugin(dir, "wasi", manifest("wasi"), watToWasm("wasi.wat", `(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (func (export "action_run") (result i32) (i32.const 0)))`));
  // A start function that calls the kernel (alloc) before any call exists.
  writePlugin(dir, "start-alloc", manifest("start-alloc"), watToWasm("start-alloc.wat", GOOD_WAT.replace(`(func (export "action_run")`, `(func $init (drop (call $alloc (i64.const 64)))) (start $init) (func (export "action_run")`)));
  t = await makeTestApp({ pluginsDir: dir });
});
afterAll(() => t.close());

describe("discovery", () => {
  test("invalid plugins are listed with their reason; valid ones load", async () => {
    const r = await t.call("GET", "/api/plugins/");
    expect(r.status).toBe(200);
    const by = Object.fromEntries((r.body as { key: string; error: string | null; loaded: boolean }[]).map((p) => [p.key, p]));
    expect(by.good.loaded).toBe(true);
    expect(by.good.error).toBeNull();
    expect(by.misbehave.loaded).toBe(true);
    expect(by["bad-json"].error).toContain("not valid JSON");
    expect(by["future-abi"].error).toContain("abi 2");
    expect(by["wrong-folder"].error).toContain("does not match its folder");
    expect(by["no-wasm"].error).toContain("plugin.wasm is missing");
    expect(by["not-wasm"].error).toContain("not a valid WebAssembly module");
    expect(by["no-export"].error).toContain("barcode_scan");
    expect(by.wasi.error).toContain("WASI");
    const status = await t.call("GET", "/api/plugins/status/");
    expect(Object.keys(status.body.registry_errors).sort()).toEqual(["bad-json", "future-abi", "no-export", "no-wasm", "not-wasm", "wasi", "wrong-folder"]);
  });
  test("order is priority then slug, and an admin can change it", async () => {
    // The built-in InvenTreeBarcode plugin is listed too; it is not part of the WASM ordering.
    const listed = async () => ((await t.call("GET", "/api/plugins/")).body as { key: string; priority: number; is_builtin: boolean }[]).filter((p) => !p.is_builtin);
    const keys = async () => (await listed()).map((p) => p.key);
    const before = await listed();
    expect(before.map((p) => p.key)).toEqual([...before].sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key)).map((p) => p.key));
    expect(before.slice(0, 2).map((p) => p.key)).toEqual(["barcode-none", "barcode-abc"]); // priorities 5 and 10
    // Both "good" and "later" declare good-go: the first in order answers.
    expect((await act("good-go")).body.plugin).toBe("good");
    expect((await t.call("PATCH", "/api/plugins/later/", { priority: 1 })).body.priority).toBe(1);
    expect((await keys())[0]).toBe("later");
    expect((await act("good-go")).body.plugin).toBe("later");
    await t.call("PATCH", "/api/plugins/later/", { priority: null });
    expect((await act("good-go")).body.plugin).toBe("good");
  });
  test("plugin administration is for superusers; anyone signed in may list (as InvenTree's PluginList)", async () => {
    expect((await t.call("GET", "/api/plugins/", undefined, "readonly")).status).toBe(200);
    expect((await t.call("PATCH", "/api/plugins/good/", { priority: 3 }, "staff")).status).toBe(403);
    expect((await t.call("GET", "/api/plugins/", undefined, null)).status).toBe(401);
    expect((await t.call("PATCH", "/api/plugins/good/activate/", { active: false }, "staff")).status).toBe(403);
    expect((await t.call("GET", "/api/plugins/nope/")).status).toBe(404);
  });
});

describe("/api/action/", () => {
  test("InvenTree's answers: no action 400, unknown 404, a match 200", async () => {
    const none = await t.call("POST", "/api/action/", { data: {} }, "readonly");
    expect(none.status).toBe(400);
    expect(none.body.error).toBe("No action specified");
    const unknown = await act("does-not-exist");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: "No matching action found", action: "does-not-exist" });
    const ok = await act("ok");
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ action: "ok", result: "ok", info: "fine", plugin: "misbehave" });
    expect((await t.call("POST", "/api/action/", { action: "ok" }, null)).status).toBe(401);
  });
  test("a deactivated plugin is not called, and activation persists", async () => {
    await t.call("PATCH", "/api/plugins/good/activate/", { active: false });
    expect((await act("good-go")).body.plugin).toBe("later");
    const info = await t.call("GET", "/api/", undefined, null);
    expect(info.body.active_plugins.map((p: { slug: string }) => p.slug)).not.toContain("good");
    await t.services.plugins.reload();
    expect(t.services.plugins.find("good")?.active).toBe(false);
    await t.call("PATCH", "/api/plugins/good/activate/", {});
    expect((await act("good-go")).body.plugin).toBe("good");
  });
});

describe("sandbox guarantees, each an error for that call alone", () => {
  const cases: [string, string, RegExp][] = [
    ["trap", "trap", /unreachable/i],
    ["stack", "stack", /stack overflow/],
    ["memory-bomb", "memory", /memory limit of 4 pages/],
    ["alloc-bomb", "memory", /host memory/],
    ["json-broken", "output_json", /not JSON/],
    ["xschema", "output_schema", /does not match the ABI schema/],
    ["big-output", "output_size", /over the limit of 1024/],
    ["permission", "permission", /bv_search without the "bv_search" permission/],
    ["error-set", "plugin_error", /something went wrong on purpose/],
    ["network", "permission", /no network access/],
  ];
  for (const [action, failure, detail] of cases) {
    test(`${action} → ${failure}, and the plugin still answers afterwards`, async () => {
      // Failing every other call now earns a suspension (issue 9): each case starts with a clean record.
      t.services.plugins.find("misbehave")?.suspension.reset();
      const r = await act(action);
      expect(r.status).toBe(failure === "plugin_error" ? 400 : 502);
      expect(r.body.plugin).toBe("misbehave");
      expect(r.body.failure).toBe(failure);
      expect(r.body.error).toMatch(detail);
      const after = await act("ok");
      expect(after.status).toBe(200);
      expect(after.body.result).toBe("ok");
    });
  }

  test("an infinite loop ends within its budget while the server keeps answering, and leaves no CPU burning", async () => {
    const started = performance.now();
    const looping = act("loop");
    // While the plugin spins in a worker thread, the HTTP app answers at once.
    const info = await t.call("GET", "/api/", undefined, null);
    const answeredAfter = performance.now() - started;
    expect(info.status).toBe(200);
    const r = await looping;
    const loopMs = performance.now() - started;
    expect(r.status).toBe(502);
    expect(r.body.failure).toBe("budget");
    expect(r.body.error).toContain("instruction budget of 5000000");
    expect(loopMs).toBeLessThan(2000);
    expect(answeredAfter).toBeLessThan(loopMs);
    // Idle afterwards: no thread keeps burning. A thread still spinning would use 200–500 ms of CPU in
    // each 500 ms window (machine load decides); measured per thread, so GC or other files' leftovers do not make it flaky.
    // Two windows back to back, the quieter one counts: the instance rebuilt after the trap is legitimate
    // one-off work (measured 100.7 ms in one window on a loaded machine), a spinning thread burns in both.
    const first = await busiestThreadCpuMs(500);
    const second = await busiestThreadCpuMs(500);
    expect(Math.min(first, second)).toBeLessThan(100);
  });

  test("repeated failures suspend the plugin, shown with the reason; activation lifts it", async () => {
    for (let i = 0; i < 5; i++) await act("trap");
    const listed = await t.call("GET", "/api/plugins/misbehave/");
    expect(listed.body.suspended).toBe(true);
    expect(listed.body.suspension_reason).toContain("5 consecutive failures");
    expect(listed.body.stats.failures.trap).toBeGreaterThanOrEqual(5);
    const refused = await act("ok");
    expect(refused.status).toBe(404); // a suspended plugin is not a candidate for its actions
    await t.call("PATCH", "/api/plugins/misbehave/activate/", { active: true });
    expect((await act("ok")).status).toBe(200);
  });
});

describe("barcode chain", () => {
  const scan = (barcode: string) => t.services.plugins.scanBarcode(barcode, "hash", { user: null });
  const calls = (slug: string) => t.services.plugins.find(slug)?.stats.calls ?? 0;
  test("plugins run in order, those whose patterns do not match are never called", async () => {
    const [abc, none] = [calls("barcode-abc"), calls("barcode-none")];
    expect(await scan("ABC-123")).toEqual({ slug: "barcode-abc", output: { match: true, model: "stockitem", pk: 1 } });
    // barcode-none (priority 5, no patterns) ran first and passed; barcode-abc answered.
    expect(calls("barcode-none")).toBe(none + 1);
    expect(calls("barcode-abc")).toBe(abc + 1);
    expect(await scan("XYZ-999")).toBeNull();
    expect(calls("barcode-abc")).toBe(abc + 1);
    expect(calls("barcode-none")).toBe(none + 2);
  });
  test("a barcode longer than the probed pattern length never reaches a pattern (or its plugin)", async () => {
    const abc = calls("barcode-abc");
    expect(await scan(`ABC-${"1".repeat(2000)}`)).toBeNull();
    expect(calls("barcode-abc")).toBe(abc);
  });
  test("an inactive barcode plugin is skipped", async () => {
    await t.call("PATCH", "/api/plugins/barcode-abc/activate/", { active: false });
    expect(await scan("ABC-123")).toBeNull();
    await t.call("PATCH", "/api/plugins/barcode-abc/activate/", { active: true });
    expect((await scan("ABC-123"))?.slug).toBe("barcode-abc");
  });
});

describe("reload", () => {
  test("a call in flight during a reload finishes on the old instance", async () => {
    const looping = act("loop");
    const reloaded = t.call("POST", "/api/plugins/reload/");
    const [r, re] = await Promise.all([looping, reloaded]);
    expect(re.status).toBe(200);
    expect(r.body.failure).toBe("budget"); // its real outcome, not "worker gone"
    expect((await act("ok")).status).toBe(200);
  });
});

describe("hybrid execution (the default)", () => {
  const ran = async (slug: string) => (await t.call("GET", `/api/plugins/${slug}/`)).body.stats.ran as { inline: number; worker: number };
  test("a cheap call of a read-only plugin runs on the request thread", async () => {
    const before = await ran("good");
    expect((await act("good-go")).status).toBe(200);
    const after = await ran("good");
    expect(after.inline).toBe(before.inline + 1);
    expect(after.worker).toBe(before.worker);
  });
  test("a call longer than the inline slice completes in a worker, and its plugin stays there for a while", async () => {
    const first = await act("heavy");
    expect(first.status).toBe(200);
    expect(first.body.result).toBe(1);
    expect(await ran("heavy")).toEqual({ inline: 0, worker: 1 });
    expect((await act("heavy")).status).toBe(200);
    expect(await ran("heavy")).toEqual({ inline: 0, worker: 2 }); // straight to a worker: no second slice
  });
});

describe("start functions", () => {
  test("a start function may call the kernel (metered by the start budget, not a call's)", async () => {
    const r = await act("start-alloc-go");
    expect(r.status).toBe(200);
    expect(r.body.result).toBe(7);
  });
});

describe("worker pool", () => {
  test("concurrent calls spread over the workers: each is counted before the next one is placed", async () => {
    const pool = new WorkerPoolExecutor(PLUGIN_WORKER_URL, { dbPath: join(mkdtempSync(join(tmpdir(), "bv-pool-")), "w.sqlite"), logLevel: "silent" }, 2, createLogger("silent"));
    const heavy = t.services.plugins.find("heavy")?.payload;
    if (!heavy) throw new Error("heavy fixture not loaded");
    await pool.load([heavy]);
    const req = { slug: "heavy", export: "action_run" as const, input: { action: "heavy", data: {}, user: null }, meta: { slug: "heavy", user: null } };
    const calls = [pool.call(req), pool.call(req)];
    // Before the fix both landed on the first worker: load was only counted once it had booted.
    expect((pool as unknown as { workers: { load: number }[] }).workers.map((w) => w.load)).toEqual([1, 1]);
    for (const o of await Promise.all(calls)) expect(o.ok).toBe(true);
    await pool.close();
  });
});

describe("concurrency", () => {
  test("concurrent calls to one plugin each get their own answer", async () => {
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => act(i % 2 ? "ok" : "good-go")));
    answers.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.body.result).toEqual(i % 2 ? "ok" : 7);
    });
  });
});

describe("scale", () => {
  // The process's RSS is what is measured: in a fresh process (support/fresh-process.ts). Inside the
  // full suite the second 50,000 calls also carried what earlier files left (measured: +59 MB there,
  // flat alone).
  if (!inFreshProcess(import.meta.path)) runInFreshProcess(import.meta.path, "with flat memory");
  (inFreshProcess(import.meta.path) ? test : test.skip)("100,000 consecutive calls succeed with flat memory (the SDK's leak is handled)", async () => {
    const reg = t.services.plugins;
    const call = () => reg.call("good", "action_run", { action: "good-go", data: {}, user: null }, { user: null });
    const batch = async (n: number, from: number) => {
      for (let i = 0; i < n; i++) {
        const out = (await call()) as { result: number };
        if (out.result !== 7) throw new Error(`call ${from + i} answered ${JSON.stringify(out)}`);
      }
      Bun.gc(true);
      return process.memoryUsage().rss;
    };
    // The workers' memory is only visible as process RSS. Flat means the second half of the run
    // adds (almost) nothing once the first half has settled; the SDK's leak grows without bound.
    const settled = await batch(50_000, 0);
    const end = await batch(50_000, 50_000);
    expect((end - settled) / 1024 / 1024).toBeLessThan(24);
  }, 120_000);
});
