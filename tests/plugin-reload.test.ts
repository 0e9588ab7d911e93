/**
 * What a plugin author sees while iterating (issue 13, visibility): `POST /api/plugins/<slug>/reload/`
 * reloads one plugin from its folder (a broken new version fails that plugin only); dev mode
 * BINVENTORY_PLUGINS_WATCH=1 does it by itself when plugin.json or plugin.wasm changes (the real
 * server process); a plugin's log levels keep their meaning in the server log (warn is `warn`),
 * and a call re-run outside the inline slice says so, which explains its doubled log lines.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTestApp } from "./support/app.ts";
import { WAT_TO_BLOCK, watToWasm, writePlugin } from "./support/plugins.ts";
import { basicAuth, startServer } from "./support/process.ts";

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const KERNEL = `
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))`;

/** A barcode plugin whose every answer is `{"error": "<text>"}` (ASCII `text`). */
function answering(text: string): Uint8Array {
  const out = JSON.stringify({ error: text });
  return watToWasm(
    "answer.wat",
    `(module ${KERNEL}
  (memory (export "memory") 1)
  (data (i32.const 0) ${JSON.stringify(out)})
  ${WAT_TO_BLOCK}
  (func (export "barcode_scan") (result i32)
    (call $output_set (call $block (i32.const 0) (i32.const ${out.length})) (i64.const ${out.length}))
    (i32.const 0)))`,
  );
}

const barcodeManifest = (slug: string, prefix: string) => ({ abi: 1, slug, name: slug, version: "1.0.0", kinds: { barcode: { patterns: [`^${prefix}:`] } } });

/**
 * An action plugin that logs one line at each Extism level (log_trace … log_error), then counts
 * to 50,000 (about 900k fuel: over a 100k inline slice, well inside its budget) and answers 1.
 */
const CHATTY = watToWasm(
  "chatty.wat",
  `(module ${KERNEL}
  (import "extism:host/env" "log_trace" (func $log_trace (param i64)))
  (import "extism:host/env" "log_debug" (func $log_debug (param i64)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
  (import "extism:host/env" "log_error" (func $log_error (param i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\\"result\\":1}")
  (data (i32.const 16) "chatty-trace")
  (data (i32.const 32) "chatty-debug")
  (data (i32.const 48) "chatty-info!")
  (data (i32.const 64) "chatty-warn!")
  (data (i32.const 80) "chatty-error")
  ${WAT_TO_BLOCK}
  (func (export "action_run") (result i32)
    (local $i i32)
    (call $log_trace (call $block (i32.const 16) (i32.const 12)))
    (call $log_debug (call $block (i32.const 32) (i32.const 12)))
    (call $log_info (call $block (i32.const 48) (i32.const 12)))
    (call $log_warn (call $block (i32.const 64) (i32.const 12)))
    (call $log_error (call $block (i32.const 80) (i32.const 12)))
    (loop $spin
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spin (i32.lt_u (local.get $i) (i32.const 50000))))
    (call $output_set (call $block (i32.const 0) (i32.const 12)) (i64.const 12))
    (i32.const 0)))`,
);

describe("POST /api/plugins/<slug>/reload/", () => {
  test("reloads that plugin from disk; a broken new version fails it alone; superusers only; 404 for an unknown slug", async () => {
    const dir = tempDir("binventory-reload-");
    writePlugin(dir, "alpha", barcodeManifest("alpha", "a"), answering("alpha version 1"));
    writePlugin(dir, "beta", barcodeManifest("beta", "b"), answering("beta version 1"));
    const t = await makeTestApp({ pluginsDir: dir });
    try {
      const scan = async (barcode: string) => (await t.call("POST", "/api/barcode/", { barcode }, "staff")).body;
      expect(await scan("a:1")).toMatchObject({ error: "alpha version 1", plugin: "alpha" });

      writeFileSync(join(dir, "alpha", "plugin.wasm"), answering("alpha version 2"));
      writeFileSync(join(dir, "beta", "plugin.wasm"), answering("beta version 2"));
      expect(await scan("a:1")).toMatchObject({ error: "alpha version 1" }); // nothing reloads by itself here

      expect((await t.call("POST", "/api/plugins/alpha/reload/", undefined, "staff")).status).toBe(403);
      expect((await t.call("POST", "/api/plugins/alpha/reload/", undefined, null)).status).toBe(401);
      const reloaded = await t.call("POST", "/api/plugins/alpha/reload/");
      expect(reloaded.status).toBe(200);
      expect(reloaded.body).toMatchObject({ key: "alpha", loaded: true, error: null });
      expect(await scan("a:1")).toMatchObject({ error: "alpha version 2", plugin: "alpha" });
      // Only that plugin: beta still runs the version it was loaded with.
      expect(await scan("b:1")).toMatchObject({ error: "beta version 1", plugin: "beta" });

      writeFileSync(join(dir, "alpha", "plugin.wasm"), "not wasm");
      const broken = await t.call("POST", "/api/plugins/alpha/reload/");
      expect(broken.status).toBe(200);
      expect(broken.body).toMatchObject({ key: "alpha", loaded: false });
      expect(broken.body.error).toContain("not a valid WebAssembly module");
      const status = (await t.call("GET", "/api/plugins/status/")).body;
      expect(Object.keys(status.registry_errors)).toEqual(["alpha"]);
      expect(await scan("b:1")).toMatchObject({ error: "beta version 1", plugin: "beta" });
      expect(await scan("a:1")).toMatchObject({ plugin: null, error: "No match found for barcode data" });

      const unknown = await t.call("POST", "/api/plugins/no-such-plugin/reload/");
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ detail: 'No plugin folder matching key "no-such-plugin" in the plugins directory.' });
      const builtin = await t.call("POST", "/api/plugins/inventreebarcode/reload/");
      expect(builtin.status).toBe(400);
      expect(builtin.body.detail).toContain("built into the server");
    } finally {
      await t.close();
    }
  });
});

describe("the real server process", () => {
  test("BINVENTORY_PLUGINS_WATCH=1 reloads a plugin whose plugin.wasm changes; plugin log levels map to the server's; a re-run outside the slice is logged", async () => {
    const dir = tempDir("binventory-watch-");
    writePlugin(dir, "alpha", barcodeManifest("alpha", "a"), answering("alpha version 1"));
    writePlugin(dir, "chatty", { abi: 1, slug: "chatty", name: "Chatty", version: "1.0.0", kinds: { action: { actions: ["chatty"] } }, limits: { fuel: 10_000_000 } }, CHATTY);
    const server = await startServer({
      BINVENTORY_DB: join(tempDir("binventory-watch-db-"), "db.sqlite"),
      BINVENTORY_DEMO: "0",
      BINVENTORY_PLUGINS_DIR: dir,
      BINVENTORY_PLUGINS_WATCH: "1",
      BINVENTORY_PLUGIN_INLINE_FUEL: "100000",
      BINVENTORY_LOG_LEVEL: "info",
      BINVENTORY_ADMIN_USER: "admin",
      BINVENTORY_ADMIN_PASSWORD: "admin-password",
    });
    const auth = { authorization: basicAuth("admin", "admin-password"), "content-type": "application/json" };
    const post = async (path: string, body: unknown) => (await fetch(`${server.url}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) })).json();
    try {
      expect(await post("/api/barcode/", { barcode: "a:1" })).toMatchObject({ error: "alpha version 1", plugin: "alpha" });
      writeFileSync(join(dir, "alpha", "plugin.wasm"), answering("alpha version 2"));
      // Observed through the API: polled for at most 10 s, the reload is debounced by 300 ms.
      const until = Date.now() + 10_000;
      let seen: unknown = null;
      while (Date.now() < until) {
        seen = await post("/api/barcode/", { barcode: "a:1" });
        if ((seen as { error?: string }).error === "alpha version 2") break;
        await Bun.sleep(100);
      }
      expect(seen).toMatchObject({ error: "alpha version 2", plugin: "alpha" });

      expect(await post("/api/action/", { action: "chatty", data: {} })).toMatchObject({ result: 1 });
    } finally {
      await server.stop();
    }
    const lines = (await server.stderr)
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === "plugin files changed: reloading")).toMatchObject({ level: "info", plugin: "alpha" });
    expect(lines.find((l) => l.msg === "plugin reloaded")).toMatchObject({ level: "info", plugin: "alpha" });
    // Each level at the server's own: warn is warn (not info), trace and debug are below info.
    const of = (msg: string) => lines.filter((l) => l.msg === msg);
    expect(of("chatty-warn!").map((l) => l.level)).toEqual(["warn", "warn"]);
    expect(of("chatty-error").map((l) => l.level)).toEqual(["error", "error"]);
    expect(of("chatty-info!").map((l) => l.level)).toEqual(["info", "info"]);
    expect(of("chatty-warn!")[0]).toMatchObject({ plugin: "chatty" });
    expect(of("chatty-debug")).toEqual([]);
    expect(of("chatty-trace")).toEqual([]);
    // Twice, because the call was re-run: the log says so, between the two runs.
    const rerun = lines.findIndex((l) => l.msg === "plugin call re-run outside the inline slice");
    expect(lines[rerun]).toMatchObject({ level: "info", plugin: "chatty", export: "action_run" });
    expect(String(lines[rerun].reason)).toContain("used its inline slice of 100000 instructions");
    const warns = lines.flatMap((l, i) => (l.msg === "chatty-warn!" ? [i] : []));
    expect(warns[0]).toBeLessThan(rerun);
    expect(warns[1]).toBeGreaterThan(rerun);
  }, 60_000);
});
