/**
 * The child-process executor (server/plugin-host/executor-processes.ts), the sandbox's last line:
 * a call past its deadline has its process SIGKILLed and replaced, answered as that plugin's
 * `deadline` failure. Proven on the real server process (`serve` with
 * BINVENTORY_PLUGIN_ISOLATION=process) by reading /proc, and on the executor itself in this process.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../server/db/client.ts";
import { createPluginStore } from "../server/db/plugin-store.ts";
import { openSqliteDatabase } from "../server/db/sqlite-database.ts";
import { createLogger } from "../server/core/log.ts";
import { PluginCallError } from "../server/core/plugin-errors.ts";
import { ProcessPoolExecutor } from "../server/plugin-host/executor-processes.ts";
import { PluginRegistry } from "../server/plugin-host/registry.ts";
import { pluginsDir } from "./support/plugins.ts";
import { basicAuth, type ServerProcess, startServer } from "./support/process.ts";

const DEADLINE_MS = 400; // tests/fixtures/host-plugins/runaway/plugin.json
const dir = mkdtempSync(join(tmpdir(), "binventory-process-"));
const plugins = pluginsDir({ fixtures: ["runaway"] });
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(plugins, { recursive: true, force: true });
});

/** /proc/<pid>/stat: parent, state and CPU ticks (user + system, all threads); null once reaped. */
function procStat(pid: number): { ppid: number; state: string; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = text.slice(text.lastIndexOf(")") + 2).split(" "); // fields from 3 (state) on
    return { state: f[0], ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}
const childrenOf = (pid: number) =>
  readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => procStat(p)?.ppid === pid);
/** Gone from the process table: exited and reaped (a zombie would still be listed, state Z). */
const reaped = (pid: number) => !existsSync(`/proc/${pid}`);

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

describe("the served process with BINVENTORY_PLUGIN_ISOLATION=process", () => {
  let server: ServerProcess;
  let auth = "";
  const act = async (action: string) => {
    const r = await fetch(`${server.url}/api/action/`, { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify({ action, data: {} }) });
    return { status: r.status, body: (await r.json()) as { result?: unknown; failure?: string; plugin?: string; error?: string } };
  };
  beforeAll(async () => {
    server = await startServer({
      BINVENTORY_DB: join(dir, "served.sqlite"),
      BINVENTORY_DEMO: "0",
      BINVENTORY_ADMIN_USER: "boss",
      BINVENTORY_ADMIN_PASSWORD: "boss-password-123",
      BINVENTORY_PLUGINS_DIR: plugins,
      BINVENTORY_PLUGIN_ISOLATION: "process",
      BINVENTORY_PLUGIN_WORKERS: "2",
    });
    const r = await fetch(`${server.url}/api/user/token/`, { headers: { authorization: basicAuth("boss", "boss-password-123") } });
    auth = `Token ${((await r.json()) as { token: string }).token}`;
  });
  afterAll(async () => {
    if (server && server.proc.exitCode === null) server.proc.kill("SIGKILL");
  });

  test("it runs BINVENTORY_PLUGIN_WORKERS plugin processes, and calls work", async () => {
    expect(childrenOf(server.proc.pid)).toHaveLength(2);
    const r = await act("runaway-ok");
    expect(r.status).toBe(200);
    expect(r.body.result).toBe(7);
  });

  test("an infinite loop is killed at its deadline while other requests answer; its process is reaped and replaced, no CPU burns", async () => {
    const pid = server.proc.pid;
    const before = childrenOf(pid);
    const started = performance.now();
    const looping = act("runaway-loop").then((r) => ({ ...r, ms: performance.now() - started }));
    await Bun.sleep(100);
    // Meanwhile: the HTTP thread answers at once, and the other process takes plugin calls.
    const t0 = performance.now();
    expect((await fetch(`${server.url}/api/`)).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(250);
    expect((await act("runaway-ok")).body.result).toBe(7);

    const r = await looping;
    expect(r.status).toBe(502);
    expect(r.body).toMatchObject({ plugin: "runaway", failure: "deadline" });
    expect(r.body.error).toContain(`deadline of ${DEADLINE_MS} ms`);
    expect(r.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(r.ms).toBeLessThan(DEADLINE_MS + 800);

    // The spinning process was SIGKILLed and reaped (no zombie), and a new one took its place.
    await until("the killed process to be reaped and replaced", () => {
      const now = childrenOf(pid);
      return before.some(reaped) && now.length === 2 && now.some((p) => !before.includes(p));
    });
    expect((await act("runaway-ok")).body.result).toBe(7);

    // 2 s after the kill, once the replacement has settled, the server and its processes together
    // spend (almost) no CPU over a second: nothing is left spinning.
    await Bun.sleep(Math.max(0, started + DEADLINE_MS + 2000 - performance.now()));
    const pids = [pid, ...childrenOf(pid)];
    const ticks = () => pids.map((p) => procStat(p)?.ticks ?? 0);
    const t = ticks();
    await Bun.sleep(1000);
    const spent = ticks().map((n, i) => n - t[i]);
    expect({ spent, total: spent.reduce((a, b) => a + b, 0) < 15 }).toEqual({ spent, total: true }); // 10 ms ticks: under 15 % of a core
  });

  test("the deadline counts as the plugin's failure, shown in its statistics", async () => {
    const r = await fetch(`${server.url}/api/plugins/runaway/`, { headers: { authorization: auth } });
    const body = (await r.json()) as { stats: { failures: Record<string, number>; last_error: { failure: string } } };
    expect(body.stats.failures.deadline).toBe(1);
    expect(body.stats.last_error.failure).toBe("deadline");
  });

  test("when the server is SIGKILLed its plugin processes exit too, even one spinning in WebAssembly", async () => {
    const pid = server.proc.pid;
    const looping = act("runaway-loop").catch(() => null);
    await Bun.sleep(150);
    const children = childrenOf(pid);
    expect(children).toHaveLength(2);
    server.proc.kill("SIGKILL");
    await server.proc.exited;
    await looping;
    // Orphans are reaped by whoever adopts them; exited (a zombie, state Z) is what matters here.
    await until("the orphaned plugin processes to exit", () => children.every((p) => reaped(p) || procStat(p)?.state === "Z"), 3000);
  });
});

describe("ProcessPoolExecutor", () => {
  const dbPath = join(dir, "pool.sqlite");
  const log = createLogger("silent");
  let executor: ProcessPoolExecutor;
  let reg: PluginRegistry;
  const call = (action: string) =>
    reg.call("runaway", "action_run", { action, data: {}, user: null }, { user: null }).then(
      () => "ok",
      (e: PluginCallError) => e.failure,
    );
  beforeAll(async () => {
    openDatabase(dbPath);
    reg = new PluginRegistry(createPluginStore(openSqliteDatabase(dbPath)), { pluginsDir: plugins }, log, () => (executor = new ProcessPoolExecutor({ dbPath, logLevel: "silent" }, 2, log)));
    await reg.start();
  });

  test("concurrent calls spread over the processes: each call is bound to an idle one before the next is placed", async () => {
    expect(await Promise.all([call("runaway-slow"), call("runaway-slow")])).toEqual(["ok", "ok"]);
    expect(Object.values(executor.served())).toEqual([1, 1]);
    expect(await Promise.all(Array.from({ length: 6 }, () => call("runaway-slow")))).toEqual(Array(6).fill("ok"));
    for (const n of Object.values(executor.served())) expect(n).toBeGreaterThanOrEqual(2);
  });

  test("a process killed from outside fails only the call it was running; the pool recovers", async () => {
    const [victim, other] = executor.pids();
    const calls = [call("runaway-slow"), call("runaway-slow")];
    process.kill(victim, "SIGKILL");
    expect((await Promise.all(calls)).sort()).toEqual(["crash", "ok"]);
    expect(reg.find("runaway")?.stats.last_error?.detail).toContain("signal SIGKILL");
    await until("a replacement process", () => Object.keys(executor.served()).length === 2 && !executor.pids().includes(victim));
    expect(executor.pids()).toContain(other);
    expect(reaped(victim)).toBe(true);
    expect(await call("runaway-ok")).toBe("ok");
  });

  test("close() lets calls finish, then ends and reaps every process", async () => {
    const pids = executor.pids();
    const pending = call("runaway-slow");
    await reg.close();
    expect(await pending).toBe("ok");
    for (const p of pids) expect(reaped(p)).toBe(true);
  });
});
