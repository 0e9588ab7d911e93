/**
 * A plugin's settings travel with each call (plugin-host/host-api.ts CallMeta.settings): the
 * dispatcher reads the stored ones just before the call, and config_get / bv_setting_get answer
 * from them on whatever thread the plugin runs. So a setting changed through the API is seen by
 * the next call; in a chain each plugin reads its own; and bv_setting_get, which no longer reaches
 * the database, does not keep a plugin off the request thread.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { SETTING_ANSWER_ACTION_WAT, WAT_TO_BLOCK, watToWasm, writePlugin } from "./support/plugins.ts";

const KERNEL = `
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))`;

/** A barcode plugin whose output is its ANSWER setting, verbatim (Extism's config_get). */
const answerFromConfig = watToWasm(
  "answer-config.wat",
  `(module ${KERNEL}
  (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "ANSWER")
  ${WAT_TO_BLOCK}
  (func (export "barcode_scan") (result i32) (local $v i64)
    (local.set $v (call $config_get (call $block (i32.const 0) (i32.const 6))))
    (call $output_set (local.get $v) (call $length (local.get $v)))
    (i32.const 0)))`,
);

/** An action answering {"result": <bv_setting_get's answer for ANSWER>}. */
const settingGetAction = watToWasm("setting-get.wat", SETTING_ANSWER_ACTION_WAT);

const barcodePlugin = (slug: string, priority: number) => ({
  abi: 1,
  slug,
  name: `${slug} plugin`,
  version: "1.0.0",
  kinds: { barcode: { patterns: ["^cfg:"], priority } },
  settings: { ANSWER: { type: "string", default: '{"match": false}' } },
});

const dir = mkdtempSync(join(tmpdir(), "binventory-settings-call-"));
let t: TestApp;

beforeAll(async () => {
  writePlugin(dir, "first", barcodePlugin("first", 10), answerFromConfig);
  writePlugin(dir, "second", barcodePlugin("second", 20), answerFromConfig);
  writePlugin(
    dir,
    "asker",
    { abi: 1, slug: "asker", name: "Asker", version: "1.0.0", kinds: { action: { actions: ["ask"] } }, permissions: ["bv_setting_get"], settings: { ANSWER: { type: "string", default: "by default" } } },
    settingGetAction,
  );
  t = await makeTestApp({ pluginsDir: dir });
}, 60_000);

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const setAnswer = async (slug: string, value: string) => expect((await t.call("PATCH", `/api/plugins/${slug}/settings/ANSWER/`, { value })).status).toBe(200);
const scan = () => t.call("POST", "/api/barcode/", { barcode: "cfg:1" }, "staff");

describe("settings travel with the call", () => {
  test("in a chain each plugin reads its own settings, changed through the API by the next scan", async () => {
    expect((await scan()).status).toBe(400);
    await setAnswer("second", '{"error": "second says no"}');
    expect((await scan()).body).toMatchObject({ error: "second says no", plugin: "second plugin" });
    await setAnswer("first", '{"error": "first says no"}');
    expect((await scan()).body).toMatchObject({ error: "first says no", plugin: "first plugin" });
  }, 30_000);

  test("bv_setting_get answers the default, then the stored value, on the request thread", async () => {
    const ask = () => t.call("POST", "/api/action/", { action: "ask", data: null }, "staff");
    expect((await ask()).body.result).toEqual({ ok: true, data: { key: "ANSWER", value: "by default" } });
    await setAnswer("asker", "stored");
    expect((await ask()).body.result).toEqual({ ok: true, data: { key: "ANSWER", value: "stored" } });
    // It reaches no database, so it may run inline like any plugin granted none.
    const stats = (await t.call("GET", "/api/plugins/asker/")).body.stats;
    expect(stats.ran.inline).toBe(2);
  }, 30_000);
});
