/**
 * `binventory plugin init | build | check | call | test`, run as a plugin author would: the real CLI
 * (`bun server/main.ts plugin …`) in an empty temporary folder outside the checkout. Each scaffold
 * must build with its language's toolchain, pass `check`, give the outputs its own fixture cases
 * expect (run through @extism/extism), and load in a server.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import createPlugin from "@extism/extism";
import { Database } from "bun:sqlite";
import { childEnv } from "./support/process.ts";
import { makeTestApp } from "./support/app.ts";
import { SETTING_ANSWER_ACTION_WAT, WAT_TO_BLOCK, watToWasm } from "./support/plugins.ts";

const MAIN = join(import.meta.dir, "..", "server", "main.ts");
const work = mkdtempSync(join(tmpdir(), "binventory-author-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `binventory plugin <args>` with `work` as the working directory. */
async function plugin(...args: string[]): Promise<{ code: number; out: string }> {
  return pluginWithStdin(null, ...args);
}

async function pluginWithStdin(stdin: string | null, ...args: string[]): Promise<{ code: number; out: string }> {
  const input = stdin === null ? "ignore" : new Blob([stdin]);
  const proc = Bun.spawn([process.execPath, MAIN, "plugin", ...args], { cwd: work, env: childEnv({}), stdin: input, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out: stdout + stderr };
}

type Case = { export: string; input: unknown; output?: unknown; error?: string };

/** Runs every tests/*.json case of a built plugin through Extism; returns [expected, got] pairs. */
async function runFixtures(dir: string): Promise<[unknown, unknown][]> {
  const wasm = new Uint8Array(readFileSync(join(dir, "plugin.wasm")));
  const p = await createPlugin({ wasm: [{ data: wasm }] }, { useWasi: false, runInWorker: false });
  try {
    const pairs: [unknown, unknown][] = [];
    for (const f of readdirSync(join(dir, "tests")).sort()) {
      const c = JSON.parse(readFileSync(join(dir, "tests", f), "utf8")) as Case;
      const out = await p.call(c.export, JSON.stringify(c.input));
      pairs.push([c.output, out ? JSON.parse(out.text()) : null]);
    }
    return pairs;
  } finally {
    await p.close();
  }
}

const LANGS = ["rust", "as", "c", "wat"] as const;
const scaffolds: string[] = [];

describe("init → build → check, from a folder outside the checkout", () => {
  for (const lang of LANGS) {
    test(`a barcode plugin in ${lang}`, async () => {
      const slug = `scan-${lang}`;
      const init = await plugin("init", slug, "--lang", lang);
      expect(init.out).toContain(`created ${join(work, slug)}`);
      expect(init.code).toBe(0);
      const build = await plugin("build", slug);
      expect(build.out).toMatch(new RegExp(`${slug} \\(\\w+\\): built in`));
      expect(build.code).toBe(0);
      const check = await plugin("check", slug);
      expect(check.out).toContain("ok (plugin.json, plugin.wasm, 2 fixture case(s))");
      expect(check.code).toBe(0);
      for (const [expected, got] of await runFixtures(join(work, slug))) expect(got).toEqual(expected);
      // The same cases through the server's sandbox and host functions.
      const tested = await plugin("test", slug);
      expect(tested.out).toContain("2 passed, 0 failed");
      expect(tested.code).toBe(0);
      scaffolds.push(slug);
    }, 120_000);
  }

  for (const kind of ["action", "report"]) {
    for (const lang of ["c", "wat"]) {
      test(`a(n) ${kind} plugin in ${lang}`, async () => {
        const slug = `${kind}-${lang}`;
        expect((await plugin("init", slug, "--lang", lang, "--kind", kind)).code).toBe(0);
        const build = await plugin("build", slug);
        expect(build.code).toBe(0);
        expect((await plugin("check", slug)).code).toBe(0);
        for (const [expected, got] of await runFixtures(join(work, slug))) expect(got).toEqual(expected);
        expect((await plugin("test", slug)).out).toContain("1 passed, 0 failed");
        scaffolds.push(slug);
      }, 120_000);
    }
  }

  // The report scaffolds of the kits with report builders over generated bindings (C above).
  for (const lang of ["as", "rust"]) {
    test(`a report plugin in ${lang}, written with its kit's report builder`, async () => {
      const slug = `report-${lang}`;
      expect((await plugin("init", slug, "--lang", lang, "--kind", "report")).code).toBe(0);
      const build = await plugin("build", slug);
      expect(build.out).toMatch(new RegExp(`${slug} \\(\\w+\\): built in`));
      expect(build.code).toBe(0);
      for (const [expected, got] of await runFixtures(join(work, slug))) expect(got).toEqual(expected);
      expect((await plugin("test", slug)).out).toContain("1 passed, 0 failed");
      scaffolds.push(slug);
    }, 120_000);
  }

  test("the scaffolds load in a server", async () => {
    const t = await makeTestApp({ pluginsDir: work });
    try {
      const listed = (await t.call("GET", "/api/plugins/")).body as { key: string; loaded: boolean; error: string | null }[];
      for (const slug of scaffolds) expect(listed.find((p) => p.key === slug)).toMatchObject({ loaded: true, error: null });
      expect(scaffolds.length).toBe(10);
    } finally {
      t.close();
    }
  });
});

describe("the CLI refuses what the server would", () => {
  test("init refuses a bad slug, an unknown language and a folder in use", async () => {
    expect((await plugin("init", "Bad Slug", "--lang", "c")).out).toContain("must match");
    const lang = await plugin("init", "ok-slug", "--lang", "go");
    expect(lang.code).toBe(2);
    expect(lang.out).toContain('--lang rust|as|c|wat (not "go")');
    expect((await plugin("init", "dup", "--lang", "wat")).code).toBe(0);
    const again = await plugin("init", "dup", "--lang", "wat");
    expect(again.code).toBe(1);
    expect(again.out).toContain("is not empty");
  });

  test("build validates plugin.json and names the field: a `permisions` typo, a permission that does not exist", async () => {
    expect((await plugin("init", "typo", "--lang", "wat")).code).toBe(0);
    const path = join(work, "typo", "plugin.json");
    const manifest = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...manifest, permisions: ["bv_log"], permissions: ["bv_logg"] }));
    const r = await plugin("build", "typo");
    expect(r.code).toBe(1);
    expect(r.out).toContain("/permisions: Unexpected property");
    expect(r.out).toContain('/permissions/0: must be one of "bv_get", "bv_search", "bv_stock_adjust", "bv_setting_get", "bv_log", not "bv_logg"');
    expect((await plugin("check", "typo")).code).toBe(1);
  });

  test("check works without building: a missing module, a module calling an unpermitted host function, a fixture of the wrong shape", async () => {
    expect((await plugin("init", "checked", "--lang", "wat")).code).toBe(0);
    const dir = join(work, "checked");
    const missing = await plugin("check", "checked");
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("plugin.wasm is missing");
    expect((await plugin("build", "checked")).code).toBe(0);
    // The source now calls bv_log, the manifest does not grant it; check reads the old module until rebuilt.
    const wat = readFileSync(join(dir, "plugin.wat"), "utf8").replace(
      `(memory (export "memory") 1)`,
      `(import "extism:host/user" "bv_log" (func $bv_log (param i64) (result i64)))\n  (memory (export "memory") 1)`,
    );
    writeFileSync(join(dir, "plugin.wat"), wat);
    const refused = await plugin("build", "checked");
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("calls bv_log but plugin.json's permissions do not list it");
    writeFileSync(join(dir, "tests", "bad.json"), JSON.stringify({ export: "barcode_scan", input: { barcode: "x", hash: "", context: { user: null } }, output: { match: true, model: "part", pk: "12" } }));
    const check = await plugin("check", "checked");
    expect(check.code).toBe(1);
    expect(check.out).toContain("plugin.wasm is missing"); // the refused build left no module behind
    expect(check.out).toContain("tests/bad.json: output does not match barcode_scan's output schema at /pk: Expected integer");
  });

  test("build and check need a plugin folder", async () => {
    const r = await plugin("build", "nowhere");
    expect(r.code).toBe(2);
    expect(r.out).toContain("nowhere: no plugin.json here or in its subfolders");
  });
});

/** WAT text for a string in a data segment. */
const watString = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/**
 * An action plugin that logs a line, sends `request` to bv_search and answers `{"result": <the
 * host's answer>}`: a plugin author's way to see what the host API gives back.
 */
function searchPlugin(slug: string, request: unknown): string {
  const dir = join(work, slug);
  const req = JSON.stringify(request);
  const log = JSON.stringify({ level: "warn", message: `searching ${req}` });
  const wat = `(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/user" "bv_search" (func $bv_search (param i64) (result i64)))
  (import "extism:host/user" "bv_log" (func $bv_log (param i64) (result i64)))
  (memory (export "memory") 4)
  (data (i32.const 0) "${watString(req)}")
  (data (i32.const 2048) "${watString(log)}")
  (data (i32.const 8192) "{\\"result\\":")
  ${WAT_TO_BLOCK}
  (func (export "action_run") (result i32) (local $ans i64) (local $n i32) (local $i i32)
    (drop (call $bv_log (call $block (i32.const 2048) (i32.const ${Buffer.byteLength(log)}))))
    (local.set $ans (call $bv_search (call $block (i32.const 0) (i32.const ${Buffer.byteLength(req)}))))
    (local.set $n (i32.wrap_i64 (call $length (local.get $ans))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (i32.const 8202) (local.get $i)) (call $load_u8 (i64.add (local.get $ans) (i64.extend_i32_u (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.store8 (i32.add (i32.const 8202) (local.get $n)) (i32.const 125))
    (call $output_set (call $block (i32.const 8192) (i32.add (local.get $n) (i32.const 11))) (i64.extend_i32_u (i32.add (local.get $n) (i32.const 11))))
    (i32.const 0)))`;
  mkdirSync(join(dir, "tests"), { recursive: true });
  const manifest = { abi: 1, slug, name: slug, version: "1.0.0", kinds: { action: { actions: ["search"] } }, permissions: ["bv_search", "bv_log"] };
  writeFileSync(join(dir, "plugin.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, "plugin.wasm"), watToWasm(`${slug}.wat`, wat));
  return dir;
}

const RUN = { action: "search", data: null, user: null };

describe("call and test run a plugin in the server's sandbox, from a folder outside the checkout", () => {
  test("call prints the output, the plugin's logs, its host calls with their answers, fuel used and peak memory", async () => {
    searchPlugin("finder", { model: "part", search: "resistor", limit: 2 });
    writeFileSync(join(work, "run.json"), JSON.stringify(RUN));
    const r = await plugin("call", "finder", "action_run", "--input", "run.json");
    expect(r.out).toContain("running on a throwaway demo database");
    expect(r.out).toContain('"ok": true');
    expect(r.out).toContain('[warn] searching {"model":"part","search":"resistor","limit":2}');
    expect(r.out).toContain("host calls (2):");
    expect(r.out).toMatch(/bv_search \{"model":"part","search":"resistor","limit":2\} → ok: 2 of \d+ row\(s\)/);
    expect(r.out).toMatch(/fuel used: [\d,]+ of 10,000,000/);
    expect(r.out).toContain("peak memory: 262,144 bytes linear");
    expect(r.code).toBe(0);
    // The input from stdin; the user from --as (replacing the input's), refused when unknown.
    const asAdmin = await pluginWithStdin(JSON.stringify(RUN), "call", "finder", "action_run", "--input", "-", "--as", "admin");
    expect(asAdmin.out).toContain("as admin (superuser, pk 1)");
    expect(asAdmin.code).toBe(0);
    const nobody = await plugin("call", "finder", "action_run", "--input", "run.json", "--as", "nobody");
    expect(nobody.out).toContain("--as nobody: no such user in the demo database (users: admin)");
    expect(nobody.code).toBe(1);
  }, 60_000);

  test("call carries the plugin's stored settings, as the server does (bv_setting_get: stored value, else the default)", async () => {
    const dir = join(work, "asker");
    mkdirSync(dir, { recursive: true });
    const manifest = { abi: 1, slug: "asker", name: "asker", version: "1.0.0", kinds: { action: { actions: ["ask"] } }, permissions: ["bv_setting_get"], settings: { ANSWER: { type: "string", default: "by default" } } };
    writeFileSync(join(dir, "plugin.json"), JSON.stringify(manifest));
    // action_run answers {"result": <bv_setting_get's answer for ANSWER>}.
    const wat = SETTING_ANSWER_ACTION_WAT;
    writeFileSync(join(dir, "plugin.wasm"), watToWasm("asker.wat", wat));
    writeFileSync(join(work, "ask.json"), JSON.stringify({ action: "ask", data: null, user: null }));
    const db = join(work, "asker.sqlite");
    const first = await plugin("call", "asker", "action_run", "--input", "ask.json", "--db", db);
    expect(first.out).toContain('"value": "by default"');
    expect(first.code).toBe(0);
    // Stored as the settings API stores it (JSON text), in the database the call runs on.
    const sqlite = new Database(db);
    sqlite.run("INSERT INTO plugin_setting (plugin, key, value) VALUES ('asker', 'ANSWER', ?)", [JSON.stringify("stored")]);
    sqlite.close();
    const second = await plugin("call", "asker", "action_run", "--input", "ask.json", "--db", db);
    expect(second.out).toContain('"value": "stored"');
    expect(second.code).toBe(0);
  }, 60_000);

  test("call explains a bad input and a bad output field by field, and exits 1", async () => {
    searchPlugin("finder-2", { model: "part", limit: 1 });
    writeFileSync(join(work, "bad-input.json"), JSON.stringify({ action: 5, data: null, user: null }));
    const input = await plugin("call", "finder-2", "action_run", "--input", "bad-input.json");
    expect(input.out).toContain("input does not match the export's input schema at /action: Expected string");
    expect(input.code).toBe(1);
    expect((await plugin("init", "bad-out", "--lang", "wat")).code).toBe(0);
    const src = join(work, "bad-out", "plugin.wat");
    // The match's pk 1 becomes "1" (the scaffold's WAT spells its answers in hex; one byte longer).
    writeFileSync(src, readFileSync(src, "utf8").replace("\\22\\3a\\31\\7d", "\\22\\3a\\22\\31\\22\\7d").replace("(i32.const 256) (i32.const 36)", "(i32.const 256) (i32.const 38)"));
    expect((await plugin("build", "bad-out")).code).toBe(0);
    const out = await plugin("call", "bad-out", "barcode_scan");
    expect(out.out).toContain("FAILED (output_schema): schema errors:");
    expect(out.out).toContain("/pk: Expected integer");
    expect(out.code).toBe(1);
  }, 60_000);

  test("test runs tests/*.json: an output that differs, an expected error, and exits 1 on a mismatch", async () => {
    const dir = searchPlugin("tested", { model: "part", search: "resistor", limit: 1 });
    writeFileSync(join(dir, "tests", "missing.json"), JSON.stringify({ export: "report_build", input: { report: "x", format: "html", context: {}, user: null }, error: "does not export report_build" }));
    writeFileSync(join(dir, "tests", "wrong.json"), JSON.stringify({ description: "expects nothing found", export: "action_run", input: RUN, output: { result: { ok: true, data: { count: 0 } } } }));
    const r = await plugin("test", "tested");
    expect(r.out).toContain("ok   tests/missing.json");
    expect(r.out).toContain("FAIL tests/wrong.json (expects nothing found): expected output");
    expect(r.out).toContain("[warn] searching");
    expect(r.out).toContain("1 passed, 1 failed");
    expect(r.code).toBe(1);
    rmSync(join(dir, "tests", "wrong.json"));
    const fixed = await plugin("test", "tested");
    expect(fixed.out).toContain("1 passed, 0 failed");
    expect(fixed.code).toBe(0);
  }, 60_000);

  test("bv_search refuses an unknown filter (listing the model's filters) and an unknown model (listing the models)", async () => {
    writeFileSync(join(work, "run.json"), JSON.stringify(RUN));
    searchPlugin("by-sku", { model: "supplierpart", filters: { sku: "RES-10K" } });
    const sku = await plugin("call", "by-sku", "action_run", "--input", "run.json");
    expect(sku.out).toContain('"ok": false');
    expect(sku.out).toMatch(/→ error: filters\.sku: unknown filter "sku" for model supplierpart; its filters are: [a-z_, ]*\bSKU\b/);
    searchPlugin("in-stock-lt", { model: "part", filters: { in_stock_lt: 5, active: true } });
    const lt = await plugin("call", "in-stock-lt", "action_run", "--input", "run.json");
    expect(lt.out).toMatch(/unknown filter "in_stock_lt" for model part; its filters are: [a-z_, ]*\bactive\b/);
    searchPlugin("widgets", { model: "widget" });
    const model = await plugin("call", "widgets", "action_run", "--input", "run.json");
    expect(model.out).toContain('bv_search: invalid request at /model: must be one of "part", "partcategory"');
    expect(model.out).toContain('not "widget"');
    // A known filter still filters.
    searchPlugin("by-part", { model: "supplierpart", filters: { part: 1 }, limit: 100 });
    const known = await plugin("call", "by-part", "action_run", "--input", "run.json");
    expect(known.out).toMatch(/→ ok: (\d+) of \1 row\(s\)/);
    expect(known.out).not.toContain("of 62 row(s)");
  }, 60_000);

  test("call and test need a built plugin", async () => {
    expect((await plugin("init", "unbuilt", "--lang", "wat")).code).toBe(0);
    const r = await plugin("test", "unbuilt");
    expect(r.out).toContain("no plugin.wasm: run binventory plugin build unbuilt first");
    expect(r.code).toBe(2);
  });
});
