/**
 * Host calls answered through the bridge (docs/data-layer.md, "Plugin host calls"): a plugin in a
 * worker thread blocks on the main thread's async Database, a plugin process on its own service
 * thread, and both answer as the HTTP API does: bv_get as the detail route, a bv_stock_adjust whose
 * write the server sees (and that leaves nothing behind when it fails), a bv_search answer larger
 * than the shared buffer (chunks). A host call made while the plugin's caller holds what the call
 * needs (on SQLite the one writer, on PostgreSQL the stock item's row lock) fails at the deadline
 * instead of waiting forever, the server answering meanwhile, and the late write never lands. The hybrid executor runs a plugin granted a database host function in a
 * plugin process, and one granted only bv_log on the request thread.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { eq } from "drizzle-orm";
import { forUpdate } from "../server/db/dialect.ts";
import { parts, stockItems, stockTracking } from "../server/db/tables.ts";
import { createHostServices } from "../server/plugin-bridge/host-services.ts";
import { createLogger } from "../server/core/log.ts";
import { describeHostError } from "../server/plugin-host/host-functions.ts";
import { InlineExecutor } from "../server/plugin-host/executor-inline.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { pluginsDir, WAT_TO_BLOCK, watToWasm, writePlugin } from "./support/plugins.ts";

/**
 * An action plugin that makes one host call, `fn(request)` (a fixed ASCII request), and answers
 * `{"result": <the host's answer envelope>}` byte for byte.
 */
function relay(fn: string, request: unknown): Uint8Array {
  const req = JSON.stringify(request);
  return watToWasm(
    "relay.wat",
    `(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/user" "${fn}" (func $host (param i64) (result i64)))
  (memory (export "memory") 64)
  (data (i32.const 0) ${JSON.stringify(req)})
  (data (i32.const 4096) "{\\"result\\":")
  ${WAT_TO_BLOCK}
  (func (export "action_run") (result i32) (local $a i64) (local $n i32) (local $i i32)
    (local.set $a (call $host (call $block (i32.const 0) (i32.const ${req.length}))))
    (local.set $n (i32.wrap_i64 (call $length (local.get $a))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (i32.const 4106) (local.get $i)) (call $load_u8 (i64.add (local.get $a) (i64.extend_i32_u (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.store8 (i32.add (i32.const 4106) (local.get $n)) (i32.const 125))
    (call $output_set (call $block (i32.const 4096) (i32.add (local.get $n) (i32.const 11))) (i64.extend_i32_u (i32.add (local.get $n) (i32.const 11))))
    (i32.const 0)))`,
  );
}

/** The stock item the relays read and adjust: made by setUp (100 units), the same pk in each app. */
let ITEM = 0;
const MISSING = 99_999_999;
const BULK = 300; // parts with 1,000-character notes: one search answer of ~400 KB, over the 256 KiB buffer

function writeRelays(dir: string): void {
  const plugin = (slug: string, fn: string, request: unknown) =>
    writePlugin(
      dir,
      slug,
      { abi: 1, slug, name: slug, version: "1.0.0", kinds: { action: { actions: [slug] } }, permissions: [fn], limits: { fuel: 2_000_000_000, memory_pages: 64, max_output_bytes: 8 << 20, host_memory_bytes: 64 << 20 } },
      relay(fn, request),
    );
  plugin("get-item", "bv_get", { model: "stockitem", pk: ITEM });
  plugin("take-one", "bv_stock_adjust", { op: "remove", items: [{ pk: ITEM, quantity: 1 }], notes: "bridged" });
  plugin("take-bad", "bv_stock_adjust", { op: "remove", items: [{ pk: ITEM, quantity: 1 }, { pk: MISSING, quantity: 1 }], notes: "never" });
  plugin("search-big", "bv_search", { model: "part", search: "Bulk bridged part", limit: BULK });
}

type Envelope = { ok: true; data: unknown } | { ok: false; error: string };

async function setUp(isolation: string, env: Record<string, string> = {}): Promise<{ t: TestApp; dir: string }> {
  const dir = pluginsDir({ examples: ["echo"] });
  const t = await makeTestApp({ demo: true, env: { BINVENTORY_PLUGINS_DIR: dir, BINVENTORY_PLUGIN_ISOLATION: isolation, ...env } });
  const note = "n".repeat(1000);
  const rows = Array.from({ length: BULK }, (_, i) => ({ name: `Bulk bridged part ${i}`, description: `A part to make one search answer large ${i}`, notes: note }));
  await t.services.database.write(async (tx) => {
    for (let i = 0; i < rows.length; i += 100) await tx.q.insert(parts).values(rows.slice(i, i + 100));
  });
  ITEM = (await t.call("POST", "/api/stock/", { part: 1, location: 3, quantity: 100 })).body.pk;
  writeRelays(dir);
  await t.services.plugins.start();
  return { t, dir };
}

const relayCall = async (t: TestApp, slug: string): Promise<Envelope> => {
  const user = { pk: t.users.staff, username: "staff", role: "staff" };
  const out = (await t.services.plugins.call(slug, "action_run", { action: slug, data: {}, user }, { user })) as { result: Envelope };
  return out.result;
};

const trackingCount = (t: TestApp) => t.services.database.q.$count(stockTracking);

describe.each(["worker", "process"])("host calls bridged from a plugin %s", (isolation) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    ({ t, dir } = await setUp(isolation));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("bv_get answers the stock item as its detail route shows it", async () => {
    const answer = await relayCall(t, "get-item");
    const direct = await createHostServices({ database: t.services.database, log: createLogger("silent") }).get({ model: "stockitem", pk: ITEM }, { slug: "x", user: null });
    expect(answer).toEqual({ ok: true, data: JSON.parse(JSON.stringify(direct)) });
    expect((answer as { data: { quantity: number } }).data.quantity).toBe((await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity);
  });

  test("bv_stock_adjust writes what the server then sees", async () => {
    const before = (await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity as number;
    const tracked = await trackingCount(t);
    const answer = await relayCall(t, "take-one");
    expect(answer.ok).toBe(true);
    expect((answer as { data: { items: { pk: number; quantity: number }[] } }).data.items[0]).toMatchObject({ pk: ITEM, quantity: before - 1 });
    expect((await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity).toBe(before - 1);
    expect(await trackingCount(t)).toBe(tracked + 1);
  });

  test("a bv_stock_adjust that fails answers the service's error and leaves nothing behind", async () => {
    const before = (await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity as number;
    const tracked = await trackingCount(t);
    const answer = await relayCall(t, "take-bad");
    // The same text the service's ApiError gives on the request thread.
    const host = createHostServices({ database: t.services.database, log: createLogger("silent") });
    const direct = await Promise.resolve()
      .then(() => host.stockAdjust({ op: "remove", items: [{ pk: ITEM, quantity: 1 }, { pk: MISSING, quantity: 1 }], notes: "never" }, { slug: "x", user: { pk: t.users.staff, username: "staff", role: "staff" } }))
      .then(
        () => null,
        (e: unknown) => describeHostError(e),
      );
    expect(direct).toContain(String(MISSING));
    expect(answer).toEqual({ ok: false, error: direct as string });
    expect((await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity).toBe(before);
    expect(await trackingCount(t)).toBe(tracked);
  });

  test("a bv_search answer larger than the shared buffer arrives whole (chunks)", async () => {
    const answer = (await relayCall(t, "search-big")) as { ok: true; data: { count: number; results: unknown[] } };
    expect(answer.ok).toBe(true);
    expect(JSON.stringify(answer.data).length).toBeGreaterThan(256 * 1024);
    expect(answer.data.results).toHaveLength(BULK);
    const direct = await createHostServices({ database: t.services.database, log: createLogger("silent") }).search({ model: "part", search: "Bulk bridged part", limit: BULK }, { slug: "x", user: null });
    expect(answer.data).toEqual(JSON.parse(JSON.stringify(direct)));
  });
});

// The caller's transaction holds what the adjustment needs: on SQLite the one writer (any write
// transaction), on PostgreSQL, where transactions run concurrently, the item's row lock (taken as a
// read-modify-write of it takes it).
describe.each(["worker", "process"])("a host call while the plugin's caller holds the writer / the item's row (%s)", (isolation) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    ({ t, dir } = await setUp(isolation, { BINVENTORY_HOST_CALL_DEADLINE_MS: "600" }));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("fails at the deadline with a clear error, the server answers meanwhile, and the late write never lands", async () => {
    const before = (await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity as number;
    const tracked = await trackingCount(t);
    let answer: Envelope | null = null;
    let during = 0;
    const started = performance.now();
    await t.services.database.write(async (tx) => {
      await forUpdate(tx, tx.q.select().from(stockItems).where(eq(stockItems.id, ITEM)));
      const call = relayCall(t, "take-one");
      const t0 = performance.now();
      expect((await t.call("GET", `/api/stock/${ITEM}/`)).status).toBe(200);
      during = performance.now() - t0;
      answer = await call;
    });
    const waited = performance.now() - started;
    expect(answer as unknown).toMatchObject({ ok: false, error: expect.stringContaining("no answer within 600 ms") });
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(during).toBeLessThan(500); // the request thread was not blocked
    await Bun.sleep(300); // the abandoned adjustment got the writer meanwhile: it must have rolled back
    expect((await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity).toBe(before);
    expect(await trackingCount(t)).toBe(tracked);
    // And the next call, with the writer free, works.
    expect((await relayCall(t, "take-one")).ok).toBe(true);
    expect((await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity).toBe(before - 1);
  });
});

describe("the hybrid executor", () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    ({ t, dir } = await setUp("hybrid"));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a plugin granted a database host function runs isolated and its host calls answer; one granted only bv_log runs inline", async () => {
    const answer = await relayCall(t, "get-item");
    expect(answer).toMatchObject({ ok: true, data: { pk: ITEM, quantity: 100 } });
    expect(t.services.plugins.find("get-item")?.stats.ran).toEqual({ inline: 0, worker: 1 });
    const echoed = await t.call("POST", "/api/action/", { action: "echo", data: { x: 1 } }, "staff");
    expect(echoed.status).toBe(200);
    expect(t.services.plugins.find("echo")?.stats.ran).toEqual({ inline: 1, worker: 0 });
  });
});

describe("the inline executor (the request thread)", () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    ({ t, dir } = await setUp("hybrid"));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("refuses a database host call at once, without starting it: it cannot block on its own services", async () => {
    const inline = new InlineExecutor(createHostServices({ database: t.services.database, log: createLogger("silent") }));
    const payload = t.services.plugins.find("take-one")?.payload;
    if (!payload) throw new Error("take-one not loaded");
    await inline.load([payload]);
    const before = (await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity as number;
    const user = { pk: t.users.staff, username: "staff", role: "staff" };
    const out = await inline.call({ slug: "take-one", export: "action_run", input: { action: "take-one", data: {}, user }, meta: { slug: "take-one", user } });
    expect(out).toMatchObject({ ok: true, output: { result: { ok: false, error: expect.stringContaining("bv_stock_adjust cannot be answered on the request thread") } } });
    await Bun.sleep(50);
    expect((await t.call("GET", `/api/stock/${ITEM}/`)).body.quantity).toBe(before);
    await inline.close();
  });
});
