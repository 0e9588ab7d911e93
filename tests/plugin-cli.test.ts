/**
 * `binventory plugin init | build | check`, run as a plugin author would: the real CLI
 * (`bun server/main.ts plugin …`) in an empty temporary folder outside the checkout. Each scaffold
 * must build with its language's toolchain, pass `check`, give the outputs its own fixture cases
 * expect (run through @extism/extism), and load in a server.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import createPlugin from "@extism/extism";
import { childEnv } from "./support/process.ts";
import { makeTestApp } from "./support/app.ts";

const MAIN = join(import.meta.dir, "..", "server", "main.ts");
const work = mkdtempSync(join(tmpdir(), "binventory-author-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `binventory plugin <args>` with `work` as the working directory. */
async function plugin(...args: string[]): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn([process.execPath, MAIN, "plugin", ...args], { cwd: work, env: childEnv({}), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
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
        scaffolds.push(slug);
      }, 120_000);
    }
  }

  test("the scaffolds load in a server", async () => {
    const t = await makeTestApp({ pluginsDir: work });
    try {
      const listed = (await t.call("GET", "/api/plugins/")).body as { key: string; loaded: boolean; error: string | null }[];
      for (const slug of scaffolds) expect(listed.find((p) => p.key === slug)).toMatchObject({ loaded: true, error: null });
      expect(scaffolds.length).toBe(8);
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
