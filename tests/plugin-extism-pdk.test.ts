/**
 * A plugin written with the official @extism/as-pdk and built exactly as its README says
 * (`asc <file>.ts --outFile <file>.wasm --use abort=<file>/myAbort`), in a folder outside the
 * checkout, loads into the server and runs, `Config.get` reading a plugin setting. The PDK's two
 * traps get a fix in their message: a default `asc` build (which imports env.abort) is refused at
 * load and by `binventory plugin check`, and Host.outputString of non-ASCII text (which overruns
 * its block) fails with a hint at the cause.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTestApp, type TestApp } from "./support/app.ts";
import { childEnv } from "./support/process.ts";

const ROOT = join(import.meta.dir, "..");
const ASC = join(ROOT, "node_modules", ".bin", "asc");
const MAIN = join(ROOT, "server", "main.ts");
const work = mkdtempSync(join(tmpdir(), "binventory-as-pdk-"));

/** The README's example, as a barcode plugin: same imports, same abort, Config.get of a setting. */
const SOURCE = `import { Host, Config } from '@extism/as-pdk';

function myAbort(
  message: string | null,
  fileName: string | null,
  lineNumber: u32,
  columnNumber: u32
): void { }

export function barcode_scan(): i32 {
  let str = Host.inputString();
  if (str.includes('"pdk:unicode"')) {
    Host.outputString('{"error": "Ωmega label"}');
    return 0;
  }
  if (!str.includes('"pdk:')) {
    Host.outputString('{"match": false}');
    return 0;
  }
  const site = Config.get("SITE");
  Host.outputString('{"error": "label of site ' + (site == null ? "null" : site) + '"}');
  return 0;
}
`;

function manifest(slug: string): string {
  return JSON.stringify({
    abi: 1,
    slug,
    name: slug,
    version: "1.0.0",
    kinds: { barcode: { patterns: ["^pdk:"] } },
    settings: { SITE: { type: "string", default: "north" } },
  });
}

/** The installed @extism/as-pdk (a devDependency), resolved as Node resolves it. */
const AS_PDK = dirname(fileURLToPath(import.meta.resolve("@extism/as-pdk/package.json")));

/** A plugin folder as an author has it after `npm install @extism/as-pdk` (linked to the installed copy). */
function authorFolder(slug: string): string {
  const dir = join(work, slug);
  mkdirSync(join(dir, "node_modules", "@extism"), { recursive: true });
  symlinkSync(AS_PDK, join(dir, "node_modules", "@extism", "as-pdk"));
  writeFileSync(join(dir, "plugin.ts"), SOURCE);
  writeFileSync(join(dir, "plugin.json"), manifest(slug));
  return dir;
}

async function run(cmd: string[], cwd: string): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn(cmd, { cwd, env: childEnv({}), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out: stdout + stderr };
}

let t: TestApp;

beforeAll(async () => {
  // As the README: the abort named with --use.
  const readme = await run([ASC, "plugin.ts", "--outFile", "plugin.wasm", "--use", "abort=plugin/myAbort"], authorFolder("pdk-readme"));
  expect(readme.out).toBe("");
  expect(readme.code).toBe(0);
  // asc's defaults: abort() is imported from env.
  const plain = await run([ASC, "plugin.ts", "--outFile", "plugin.wasm"], authorFolder("pdk-default"));
  expect(plain.code).toBe(0);
  t = await makeTestApp({ pluginsDir: work });
}, 60_000);

afterAll(async () => {
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("@extism/as-pdk 1.0.0, built as its README says", () => {
  test("loads, runs, and Config.get reads the plugin's setting: its default, then the value set through the API", async () => {
    const listed = (await t.call("GET", "/api/plugins/")).body as { key: string; loaded: boolean; error: string | null }[];
    expect(listed.find((p) => p.key === "pdk-readme")).toMatchObject({ loaded: true, error: null });
    const first = await t.call("POST", "/api/barcode/", { barcode: "pdk:1" }, "staff");
    expect(first.body).toMatchObject({ error: "label of site north", plugin: "pdk-readme" });
    const set = await t.call("PATCH", "/api/plugins/pdk-readme/settings/SITE/", { value: "south-3" });
    expect(set.status).toBe(200);
    const second = await t.call("POST", "/api/barcode/", { barcode: "pdk:1" }, "staff");
    expect(second.body).toMatchObject({ error: "label of site south-3", plugin: "pdk-readme" });
    // Another barcode is left to other plugins.
    expect((await t.call("POST", "/api/barcode/", { barcode: "4006381333931" }, "staff")).body).toMatchObject({ plugin: null, error: "No match found for barcode data" });
  });

  test("Host.outputString of non-ASCII text fails with a hint at the PDK's bug and its fix", async () => {
    const input = { barcode: "pdk:unicode", hash: "", context: { user: { pk: 1, username: "admin", role: "superuser" } } };
    const proc = Bun.spawn([process.execPath, MAIN, "plugin", "call", "pdk-readme", "barcode_scan", "--input", "-"], {
      cwd: work,
      env: childEnv({}),
      stdin: new Blob([JSON.stringify(input)]),
      stdout: "pipe",
      stderr: "pipe",
    });
    const out = (await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text());
    expect(await proc.exited).toBe(1);
    expect(out).toContain("FAILED (trap)");
    expect(out).toContain("Host.outputString on non-ASCII text");
    expect(out).toContain("Host.output(Uint8Array.wrap(String.UTF8.encode(text)))");
  }, 30_000);
});

describe("a default asc build (env.abort) is refused with the fix", () => {
  test("at load: the plugin is listed with an error naming --use abort= and the kit; the others load", async () => {
    const listed = (await t.call("GET", "/api/plugins/")).body as { key: string; loaded: boolean; error: string | null }[];
    const plain = listed.find((p) => p.key === "pdk-default");
    expect(plain?.loaded).toBe(false);
    expect(plain?.error).toContain("imports env.abort");
    expect(plain?.error).toContain("--use abort=");
    expect(plain?.error).toContain("binventory plugin build");
  });

  test("by `binventory plugin check`, which exits 1", async () => {
    const r = await run([process.execPath, MAIN, "plugin", "check", "pdk-default"], work);
    expect(r.code).toBe(1);
    expect(r.out).toContain("plugin.wasm imports env.abort");
    expect(r.out).toContain("--use abort=<file>/<function>");
    const ok = await run([process.execPath, MAIN, "plugin", "check", "pdk-readme"], work);
    expect(ok.out).toContain("ok (plugin.json, plugin.wasm)");
    expect(ok.code).toBe(0);
  }, 30_000);
});
