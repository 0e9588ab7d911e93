/**
 * The single-file binary (`npm run build` → scripts/build-binary.ts): built into a temp dir and run
 * from an empty working directory, with no node_modules or source tree around it, against the
 * built example plugins. Also: its embedded migrations are drizzle's, so databases migrated by the
 * binary and by `bun server/main.ts` are interchangeable.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { createHash } from "node:crypto";
import { kitFiles } from "../plugin-sdk/cli/kits.ts";
import { buildBinary } from "../scripts/build-binary.ts";
import { openDatabase } from "../server/db/client.ts";
import { embeddedMigrations } from "../server/db/embedded-migrations.ts";
import { embeddedPgMigrations } from "../server/db/pg/embedded-migrations.ts";
import { SQL } from "bun";
import { describeWithPostgres } from "./support/postgres.ts";
import { basicAuth, childEnv, runCli } from "./support/process.ts";
import { makePng } from "./support/upload.ts";

const ROOT = join(import.meta.dir, "..");
const MIGRATIONS = join(ROOT, "server", "db", "migrations");
const dir = mkdtempSync(join(tmpdir(), "binventory-bin-"));
const binary = join(dir, "bin", "binventory");
const examples = readdirSync(join(ROOT, "plugins-wasm")).filter((name) => existsSync(join(ROOT, "plugins-wasm", name, "plugin.json"))).sort();

beforeAll(async () => {
  await buildBinary(binary);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary to completion in `cwd`. */
async function runBinary(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn([binary, ...args], { cwd, env: childEnv(env), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/** What migrating leaves behind: drizzle's bookkeeping rows and the schema. */
function migrationState(path: string): { rows: unknown[]; schema: unknown[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      rows: db.query("SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY rowid").all(),
      schema: db.query("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all(),
    };
  } finally {
    db.close();
  }
}

test("the build leaves one file: the binary", () => {
  expect(readdirSync(join(dir, "bin"))).toEqual(["binventory"]);
});

describe("embedded migrations", () => {
  test("are exactly what drizzle's migrator reads from server/db/migrations/", () => {
    expect(embeddedMigrations()).toEqual(readMigrationFiles({ migrationsFolder: MIGRATIONS }));
  });

  test("for PostgreSQL too: exactly what drizzle reads from server/db/migrations-pg/", () => {
    expect(embeddedPgMigrations()).toEqual(readMigrationFiles({ migrationsFolder: join(ROOT, "server", "db", "migrations-pg") }));
  });

  test("leave the same bookkeeping and schema as drizzle's migrate() from the folder", () => {
    const fromFolder = join(dir, "folder.sqlite");
    const embedded = join(dir, "embedded.sqlite");
    openDatabase(fromFolder, { migrationsFolder: MIGRATIONS }).close();
    openDatabase(embedded).close();
    const state = migrationState(fromFolder);
    expect(state.rows.length).toBe(embeddedMigrations().length);
    expect(migrationState(embedded)).toEqual(state);
  });
});

describe("the compiled binary", () => {
  const cwd = join(dir, "cwd");
  const plugins = join(dir, "plugins");
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  let stderr: Promise<string>;
  let url = "";
  let token = "";
  let pluginProcesses: string[] = [];

  beforeAll(async () => {
    mkdirSync(cwd);
    for (const name of examples) {
      const from = join(ROOT, "plugins-wasm", name);
      if (!existsSync(join(from, "plugin.wasm"))) throw new Error(`${from}/plugin.wasm is missing: run npm run plugins first`);
      mkdirSync(join(plugins, name), { recursive: true });
      for (const file of ["plugin.json", "plugin.wasm"]) copyFileSync(join(from, file), join(plugins, name, file));
    }
    proc = Bun.spawn([binary, "serve"], {
      cwd,
      env: childEnv({
        BINVENTORY_HOST: "127.0.0.1",
        BINVENTORY_PORT: "0",
        BINVENTORY_PLUGINS_DIR: plugins,
        BINVENTORY_PLUGIN_ISOLATION: "process",
        BINVENTORY_ADMIN_USER: "boss",
        BINVENTORY_ADMIN_PASSWORD: "boss-password-123",
      }),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    stderr = new Response(proc.stderr).text();
    const reader = proc.stdout.getReader();
    const decoder = new TextDecoder();
    let banner = "";
    for (;;) {
      const match = banner.match(/listening on (http:\/\/\S+)[^\n]*\n/);
      if (match) {
        url = match[1];
        void (async () => {
          while (!(await reader.read()).done) {}
        })().catch(() => {});
        break;
      }
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`the binary exited (${await proc.exited}) before listening.\nstdout: ${banner}\nstderr: ${await stderr}`);
      banner += decoder.decode(chunk.value, { stream: true });
    }
  }, 20_000);
  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      proc.kill("SIGKILL");
      await proc.exited;
    }
  });

  test("creates its database under the working directory (default ./data)", () => {
    expect(readdirSync(cwd)).toEqual(["data"]);
    expect(existsSync(join(cwd, "data", "binventory.sqlite"))).toBe(true);
  });

  test("GET /api/ lists every example plugin as active", async () => {
    const r = await fetch(`${url}/api/`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { active_plugins: { slug: string }[] };
    expect(body.active_plugins.map((p) => p.slug).sort()).toEqual(examples);
  });

  test("Basic auth gives a token", async () => {
    const r = await fetch(`${url}/api/user/token/`, { headers: { authorization: basicAuth("boss", "boss-password-123") } });
    expect(r.status).toBe(200);
    token = ((await r.json()) as { token: string }).token;
    expect(token).toMatch(/^inv-/);
  });

  test("its plugin processes are the binary itself, started as `binventory __plugin-process`", () => {
    const children = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]?.split(" ")[1] === String(proc.pid);
        } catch {
          return false;
        }
      });
    expect(children).toHaveLength(2);
    pluginProcesses = children;
    for (const pid of children) expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")).toContain("__plugin-process");
  });

  test("POST /api/action/ runs the echo plugin in a plugin process", async () => {
    const r = await fetch(`${url}/api/action/`, {
      method: "POST",
      headers: { authorization: `Token ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ action: "echo", data: { x: 1 } }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ action: "echo", plugin: "echo", result: { action: "echo", data: { x: 1 }, user: { username: "boss" } } });
  });

  test("GET /api/stock/?limit=5 returns the demo data", async () => {
    const r = await fetch(`${url}/api/stock/?limit=5`, { headers: { authorization: `Token ${token}` } });
    expect(r.status).toBe(200);
    const page = (await r.json()) as { count: number; results: { pk: number }[] };
    expect(page.count).toBeGreaterThanOrEqual(200);
    expect(page.results).toHaveLength(5);
  });

  test("a part image upload is decoded and thumbnailed inside the binary (Bun.Image), over real HTTP", async () => {
    const form = new FormData();
    form.append("image", new File([makePng(400, 200)], "photo.png"));
    const up = await fetch(`${url}/api/part/1/`, { method: "PATCH", headers: { authorization: `Token ${token}` }, body: form });
    expect(up.status).toBe(200);
    const part = (await up.json()) as { thumbnail: string };
    const thumb = await fetch(`${url}${part.thumbnail}`, { headers: { authorization: `Token ${token}` } });
    expect(thumb.headers.get("content-type")).toBe("image/png");
    expect(await new Bun.Image(new Uint8Array(await thumb.arrayBuffer())).metadata()).toEqual({ width: 128, height: 64, format: "png" });
  });

  test("SIGTERM ends it with exit code 0, and no plugin process failed on the way, and none is left", async () => {
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    const errors = await stderr;
    expect(errors).not.toContain("worker error");
    expect(errors).not.toContain("plugin process");
    // The server closed its plugin processes and reaped them before exiting.
    for (const pid of pluginProcesses) expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(errors).not.toContain("ModuleNotFound");
  });
});

describe("databases migrated by the binary and by bun server/main.ts", () => {
  const cwd = join(dir, "migrate-cwd");

  test("the binary's migrate on a database made by bun server/main.ts changes nothing", async () => {
    mkdirSync(cwd, { recursive: true });
    const db = join(dir, "by-source.sqlite");
    const bySource = await runCli(["migrate"], { BINVENTORY_DB: db });
    expect(bySource.code).toBe(0);
    const before = migrationState(db);
    expect(before.rows.length).toBe(embeddedMigrations().length);
    const byBinary = await runBinary(["migrate"], cwd, { BINVENTORY_DB: db });
    expect(byBinary.stderr).toBe("");
    expect(byBinary.code).toBe(0);
    expect(byBinary.stdout).toContain("up to date");
    expect(migrationState(db)).toEqual(before);
  });

  test("bun server/main.ts migrate on a database made by the binary changes nothing, and both are alike", async () => {
    mkdirSync(cwd, { recursive: true });
    const db = join(dir, "by-binary.sqlite");
    const byBinary = await runBinary(["migrate"], cwd, { BINVENTORY_DB: db });
    expect(byBinary.code).toBe(0);
    const before = migrationState(db);
    const bySource = await runCli(["migrate"], { BINVENTORY_DB: db });
    expect(bySource.stderr).toBe("");
    expect(bySource.code).toBe(0);
    expect(migrationState(db)).toEqual(before);
    expect(before).toEqual(migrationState(join(dir, "by-source.sqlite")));
  });
});

describe("the binary carries the plugin kits", () => {
  test("`plugin init`, `build` and `test` work from an empty folder with nothing but the binary", async () => {
    const cwd = join(dir, "author");
    mkdirSync(cwd, { recursive: true });
    const env = { BINVENTORY_AUTO_APT: "0" };
    for (const lang of ["c", "wat"]) {
      const slug = `bin-${lang}`;
      const init = await runBinary(["plugin", "init", slug, "--lang", lang, "--kind", lang === "c" ? "report" : "barcode"], cwd, env);
      expect(init.stdout + init.stderr).toContain(`created ${join(cwd, slug)}`);
      const build = await runBinary(["plugin", "build", slug], cwd, env);
      if (build.code !== 0) throw new Error(`${lang} build failed: ${build.stdout}${build.stderr}`);
      const tested = await runBinary(["plugin", "test", slug], cwd, env);
      expect(tested.stdout + tested.stderr).toMatch(/\d passed, 0 failed/);
      expect(tested.code).toBe(0);
    }
    // The kits came out of the binary into a folder named after their content: the source's files.
    const embedded = JSON.stringify(kitFiles(join(ROOT, "plugin-sdk", "kits")));
    const extracted = join(tmpdir(), `binventory-kits-${createHash("sha256").update(embedded).digest("hex").slice(0, 16)}`);
    expect(kitFiles(extracted)).toEqual(JSON.parse(embedded));
  }, 60_000);
});

describeWithPostgres("the compiled binary on PostgreSQL", (pg) => {
  test("migrate applies the embedded PostgreSQL migrations with drizzle's bookkeeping; serve serves from it, with the demo data and a plugin process", async () => {
    const cwd = join(dir, "pg-cwd");
    mkdirSync(cwd, { recursive: true });
    const env = { BINVENTORY_DATABASE_URL: pg.url };
    const first = await runBinary(["migrate"], cwd, env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`applied ${embeddedPgMigrations().length} migration(s)`);
    // Every migration file of server/db/migrations-pg is in the binary.
    expect(embeddedPgMigrations().length).toBe(readdirSync(join(import.meta.dir, "../server/db/migrations-pg")).filter((f) => f.endsWith(".sql")).length);
    expect(embeddedPgMigrations().length).toBeGreaterThanOrEqual(8);
    const sql = new SQL({ url: pg.url, max: 1 });
    try {
      const rows = await sql`SELECT hash, created_at::float8 AS created_at FROM drizzle.__drizzle_migrations ORDER BY id`;
      expect(rows.map((r: { hash: string; created_at: number }) => [r.hash, r.created_at])).toEqual(embeddedPgMigrations().map((m) => [m.hash, m.folderMillis]));
    } finally {
      await sql.close();
    }
    const again = await runBinary(["migrate"], cwd, env);
    expect(again.stdout).toBe(`database postgres ${pg.url} is up to date\n`);
    const server = Bun.spawn([binary, "serve"], {
      cwd,
      env: childEnv({ ...env, BINVENTORY_HOST: "127.0.0.1", BINVENTORY_PORT: "0", BINVENTORY_PLUGINS_DIR: join(dir, "plugins"), BINVENTORY_PLUGIN_ISOLATION: "process", BINVENTORY_ADMIN_USER: "boss", BINVENTORY_ADMIN_PASSWORD: "boss-password-123" }),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      const reader = server.stdout.getReader();
      let banner = "";
      while (!/listening on (http:\/\/\S+)[^\n]*\n/.test(banner)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the binary exited before listening: ${banner}\n${await new Response(server.stderr).text()}`);
        banner += new TextDecoder().decode(chunk.value);
      }
      expect(banner).toContain(`(database postgres ${pg.url})`);
      const base = banner.match(/listening on (http:\/\/\S+)/)?.[1];
      const token = (await (await fetch(`${base}/api/user/token/`, { headers: { authorization: basicAuth("boss", "boss-password-123") } })).json()).token;
      const stock = await fetch(`${base}/api/stock/?limit=3`, { headers: { authorization: `Token ${token}` } });
      expect(stock.status).toBe(200);
      expect((await stock.json()).results.length).toBe(3);
      // The WASM plugins loaded in plugin processes, whose service threads answer host calls from PostgreSQL.
      const plugins = await (await fetch(`${base}/api/plugins/`, { headers: { authorization: `Token ${token}` } })).json();
      expect(plugins.filter((p: { active: boolean; error?: string | null }) => p.active && !p.error).length).toBeGreaterThan(0);
    } finally {
      server.kill("SIGTERM");
      await server.exited;
    }
  }, 90_000);
});
