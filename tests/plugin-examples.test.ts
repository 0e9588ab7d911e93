/**
 * The shipped example plugins (AssemblyScript, C, Rust, WAT), built from source by `npm run
 * plugins`, running against a real demo database through the host functions.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MODELS } from "../plugin-sdk/schema/index.ts";
import { createLogger } from "../server/core/log.ts";
import { createHostServices } from "../server/plugin-bridge/host-services.ts";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { pluginsDir, WAT_TO_BLOCK, watToWasm, writePlugin } from "./support/plugins.ts";

let t: TestApp;
let dir: string;
const act = (action: string, data: unknown, as: "staff" | "readonly" | "superuser" = "staff") => t.call("POST", "/api/action/", { action, data }, as);

beforeAll(async () => {
  dir = pluginsDir({ examples: ["count-location", "echo", "low-stock", "take-from-stock"] });
  t = await makeTestApp({ demo: true, pluginsDir: dir });
});
afterAll(() => t.close());

describe("example plugins against the demo inventory", () => {
  test("all four load", async () => {
    const r = await t.call("GET", "/api/plugins/");
    const loaded = (r.body as { key: string; loaded: boolean; is_builtin: boolean }[]).filter((p) => p.loaded && !p.is_builtin).map((p) => p.key);
    expect(loaded.sort()).toEqual(["count-location", "echo", "low-stock", "take-from-stock"]);
  });

  test("count_location (C) sums the stock under a location tree as the API does", async () => {
    const locations = (await t.call("GET", "/api/stock/location/")).body as { pk: number; items: number; sublocations: number }[];
    const loc = locations.filter((l) => l.items > 0).sort((a, b) => b.sublocations - a.sublocations)[0];
    const items = (await t.call("GET", `/api/stock/?location=${loc.pk}&cascade=true`)).body as { quantity: number; part: number; customer: number | null }[];
    const r = await act("count_location", { location: loc.pk }, "readonly");
    expect(r.status).toBe(200);
    expect(r.body.plugin).toBe("count-location");
    expect(r.body.result.location).toBe(loc.pk);
    expect(r.body.result.items).toBe(items.length);
    expect(r.body.result.total_quantity).toBeCloseTo(items.reduce((s, i) => s + i.quantity, 0), 5);
    expect(r.body.result.parts).toBe(new Set(items.map((i) => i.part)).size);
  });

  test("take (Rust) removes stock through the host, with a tracking entry naming the plugin and the user", async () => {
    const item = ((await t.call("GET", "/api/stock/?limit=50")).body.results as { pk: number; quantity: number; serial: string | null }[]).find((i) => !i.serial && i.quantity >= 3);
    if (!item) throw new Error("demo data has no plain item with quantity ≥ 3");
    const r = await act("take", { item: item.pk, quantity: 2 });
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ item: item.pk, removed: 2, remaining: item.quantity - 2 });
    expect((await t.call("GET", `/api/stock/${item.pk}/`)).body.quantity).toBe(item.quantity - 2);
    const track = (await t.call("GET", `/api/stock/track/?item=${item.pk}`)).body as { tracking_type: number; plugin: string | null; user: number | null; deltas: Record<string, number> }[];
    expect(track[0]).toMatchObject({ tracking_type: 12, plugin: "take-from-stock", user: t.users.staff });
    expect(track[0].deltas.removed).toBe(2);
    // A plugin that may write stock never runs on the request thread (a cut-short call could not be redone).
    const stats = (await t.call("GET", "/api/plugins/take-from-stock/")).body.stats;
    expect(stats.ran.inline).toBe(0);
    expect(stats.ran.worker).toBeGreaterThan(0);
  });

  test("take refuses a read-only user and changes nothing", async () => {
    const item = ((await t.call("GET", "/api/stock/?limit=50")).body.results as { pk: number; quantity: number; serial: string | null }[]).find((i) => !i.serial && i.quantity >= 1);
    if (!item) throw new Error("no item");
    const r = await act("take", { item: item.pk, quantity: 1 }, "readonly");
    expect(r.status).toBe(400);
    expect(r.body.error).toContain("may not adjust stock");
    expect((await t.call("GET", `/api/stock/${item.pk}/`)).body.quantity).toBe(item.quantity);
  });

  test("take with more than the item holds is the host's 400 passed on by the plugin", async () => {
    const item = ((await t.call("GET", "/api/stock/?limit=50")).body.results as { pk: number; quantity: number; serial: string | null }[]).find((i) => !i.serial);
    if (!item) throw new Error("no item");
    const r = await act("take", { item: item.pk, quantity: item.quantity + 1000 });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/only \d+ available/);
  });

  test("low_stock (AssemblyScript) reads its MAX_PARTS setting through the host", async () => {
    const all = await act("low_stock", {}, "readonly");
    expect(all.status).toBe(200);
    expect(all.body.result.checked).toBeGreaterThan(3);
    const s = await t.call("PATCH", "/api/plugins/low-stock/settings/MAX_PARTS/", { value: "3" });
    expect(s.status).toBe(200);
    expect(s.body.value).toBe(3);
    const few = await act("low_stock", {}, "readonly");
    expect(few.body.info).toContain("first 3 of");
  });

  test("echo (WAT) answers with the request it received, non-ASCII intact", async () => {
    const r = await act("echo", { note: "Größe 10 µF — 日本" }, "readonly");
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toContain("Größe 10 µF — 日本");
  });
});

describe("host functions", () => {
  test("bv_search and bv_get serve every model the ABI names, as the API shows them", async () => {
    const host = createHostServices({ database: t.services.database, log: createLogger("silent") });
    const meta = { slug: "test", user: null };
    for (const model of MODELS) {
      const page = (await host.search({ model, limit: 2 }, meta)) as { count: number; results: { pk: number }[] };
      expect(page.count).toBeGreaterThan(0);
      const one = (await host.get({ model, pk: page.results[0].pk }, meta)) as { pk: number };
      expect(one.pk).toBe(page.results[0].pk);
    }
  });
  test("bv_search filters like the list routes, and names a bad filter", async () => {
    const host = createHostServices({ database: t.services.database, log: createLogger("silent") });
    const meta = { slug: "test", user: null };
    const api = await t.call("GET", "/api/stock/?location=15&cascade=true&limit=1");
    const page = (await host.search({ model: "stockitem", filters: { location: 15, cascade: true }, limit: 1 }, meta)) as { count: number };
    expect(page.count).toBe(api.body.count);
    expect(host.search({ model: "stockitem", filters: { location: "nowhere" } }, meta)).rejects.toThrow();
  });
});

describe("settings API", () => {
  test("typed settings: list, read, validate, protected values masked, persisted", async () => {
    const list = await t.call("GET", "/api/plugins/low-stock/settings/");
    expect(list.status).toBe(200);
    expect(list.body.map((s: { key: string }) => s.key)).toContain("MAX_PARTS");
    const bad = await t.call("PATCH", "/api/plugins/low-stock/settings/MAX_PARTS/", { value: "lots" });
    expect(bad.status).toBe(400);
    expect(bad.body.value[0]).toContain("integer");
    expect((await t.call("GET", "/api/plugins/low-stock/settings/NOPE/")).status).toBe(404);
    expect((await t.call("PATCH", "/api/plugins/low-stock/settings/MAX_PARTS/", { value: 5 }, "staff")).status).toBe(403);
  });
  test("a protected setting reads back as *** but reaches the plugin", async () => {
    writePlugin(dir, "secret", { abi: 1, slug: "secret", name: "Secret", version: "1.0.0", kinds: { action: { actions: ["secret"] } }, settings: { API_KEY: { type: "string", protected: true }, MODE: { type: "choice", choices: ["fast", "safe"], default: "safe" } } }, watToWasm("s.wat", "(module (func (export \"action_run\") (result i32) (i32.const 0)))"));
    const reload = await t.call("POST", "/api/plugins/reload/");
    expect(reload.status).toBe(200);
    expect(reload.body.map((p: { key: string }) => p.key)).toContain("secret");
    const set = await t.call("PATCH", "/api/plugins/secret/settings/API_KEY/", { value: "hunter2" });
    expect(set.body.value).toBe("***");
    expect((await t.services.plugins.getSettings("secret")).API_KEY).toBe("hunter2");
    expect((await t.call("GET", "/api/plugins/secret/settings/MODE/")).body.value).toBe("safe");
    expect((await t.call("PATCH", "/api/plugins/secret/settings/MODE/", { value: "turbo" })).body.value[0]).toContain("fast, safe");
  });

  test("settings reach Extism's config_get (a PDK's Config.get): stored value, else the default, as text; an undeclared key reads null", async () => {
    // action_run answers {"result": <config_get(key) as a string, or null>}; the key is the input's `data` string.
    const wat = `(module
      (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
      (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
      (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
      (import "extism:host/env" "length" (func $length (param i64) (result i64)))
      (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
      (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
      (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "{\\"result\\":\\"")
      (data (i32.const 64) "{\\"result\\":null}")
      (data (i32.const 128) "MODE")
      (data (i32.const 132) "LIMIT")
      (data (i32.const 137) "NOPE")
  ${WAT_TO_BLOCK}
      (func $answer (param $key i64) (result i32) (local $v i64) (local $n i32) (local $i i32)
        (local.set $v (call $config_get (local.get $key)))
        (if (i64.eqz (local.get $v)) (then
          (call $output_set (call $block (i32.const 64) (i32.const 15)) (i64.const 15))
          (return (i32.const 0))))
        (local.set $n (i32.wrap_i64 (call $length (local.get $v))))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (i32.store8 (i32.add (i32.const 11) (local.get $i)) (call $load_u8 (i64.add (local.get $v) (i64.extend_i32_u (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (i32.store16 (i32.add (i32.const 11) (local.get $n)) (i32.const 0x7d22))
        (call $output_set (call $block (i32.const 0) (i32.add (local.get $n) (i32.const 13))) (i64.extend_i32_u (i32.add (local.get $n) (i32.const 13))))
        (i32.const 0))
      ;; the action's name picks the key: its 12th input byte ({"action":"m… / "l… / "n…)
      (func (export "action_run") (result i32) (local $c i32)
        (local.set $c (call $load_u8_input))
        (if (i32.eq (local.get $c) (i32.const 109)) (then (return (call $answer (call $block (i32.const 128) (i32.const 4))))))
        (if (i32.eq (local.get $c) (i32.const 108)) (then (return (call $answer (call $block (i32.const 132) (i32.const 5))))))
        (call $answer (call $block (i32.const 137) (i32.const 4))))
      (func $load_u8_input (result i32) (call $input_load_u8 (i64.const 11))))`;
    writePlugin(
      dir,
      "configured",
      { abi: 1, slug: "configured", name: "Configured", version: "1.0.0", kinds: { action: { actions: ["mode", "limit", "nope"] } }, settings: { MODE: { type: "choice", choices: ["fast", "safe"], default: "safe" }, LIMIT: { type: "integer", default: 7 } } },
      watToWasm("configured.wat", wat),
    );
    expect((await t.call("POST", "/api/plugins/reload/")).status).toBe(200);
    expect((await act("mode", null)).body.result).toBe("safe");
    expect((await act("limit", null)).body.result).toBe("7");
    expect((await act("nope", null)).body.result).toBe(null);
    expect((await t.call("PATCH", "/api/plugins/configured/settings/MODE/", { value: "fast" })).status).toBe(200);
    expect((await t.call("PATCH", "/api/plugins/configured/settings/LIMIT/", { value: 12 })).status).toBe(200);
    expect((await act("mode", null)).body.result).toBe("fast");
    expect((await act("limit", null)).body.result).toBe("12");
    // Per-call fuel and peak memory in the stats, to set limits from measurements.
    const usage = (await t.call("GET", "/api/plugins/configured/")).body.stats.usage;
    expect(usage.mean_fuel).toBeGreaterThan(0);
    expect(usage.max_fuel).toBeGreaterThanOrEqual(usage.mean_fuel);
    expect(usage.max_memory_bytes).toBe(65536);
    expect(usage.max_host_memory_bytes).toBeGreaterThan(0);
    expect(usage.last).toMatchObject({ memory_bytes: 65536, host_calls: 0 });
  });
});
