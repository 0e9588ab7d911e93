/**
 * Several Binventory processes on one PostgreSQL behave as one server (issue 12, scale-out): two
 * real server processes (`binventory serve`) share a database. A token issued through one works on
 * the other; a global setting and a plugin's activation, priority and setting changed through one
 * are in force on the other within a second (plugin state through the change feed, the rest read per
 * request); concurrent stock removals, adds and transfers sent to both at once end with exact
 * totals and one tracking entry each.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pluginsDir } from "./support/plugins.ts";
import { basicAuth, type ServerProcess, startServer } from "./support/process.ts";
import { describeWithPostgres } from "./support/postgres.ts";

describeWithPostgres("two processes on one PostgreSQL", (pg) => {
  let dir: string;
  const servers: ServerProcess[] = [];
  let token = "";

  const call = async (server: ServerProcess, method: string, path: string, body?: unknown, auth = `Token ${token}`) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  /** Polls `probe` on a server until it holds, for at most `ms`; answers how long it took. */
  const within = async (ms: number, probe: () => Promise<boolean>): Promise<number> => {
    const start = performance.now();
    while (!(await probe())) {
      if (performance.now() - start > ms) throw new Error(`not in force within ${ms} ms`);
      await Bun.sleep(20);
    }
    return performance.now() - start;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bv-scale-out-"));
    const plugins = pluginsDir({ examples: ["echo"] });
    const env = {
      BINVENTORY_DATABASE_URL: pg.url,
      BINVENTORY_PLUGINS_DIR: plugins,
      BINVENTORY_ADMIN_USER: "admin",
      BINVENTORY_ADMIN_PASSWORD: "admin-password",
      BINVENTORY_DEMO: "0",
    };
    // Started together: migrating and installing triggers queue on advisory locks.
    servers.push(...(await Promise.all([startServer(env), startServer(env)])));
    const issued = await call(servers[0]!, "GET", "/api/user/token/", undefined, basicAuth("admin", "admin-password"));
    expect(issued.status).toBe(200);
    token = issued.body.token;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (process.env.SCALE_OUT_LOG) for (const s of servers) console.error(await s.stderr);
    rmSync(dir, { recursive: true, force: true });
  });

  test("a token issued through one process authenticates on the other", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    expect((await call(b, "GET", "/api/user/me/")).body.username).toBe("admin");
    const other = await call(b, "GET", "/api/user/token/?name=second", undefined, basicAuth("admin", "admin-password"));
    expect((await call(a, "GET", "/api/user/me/", undefined, `Token ${other.body.token}`)).status).toBe(200);
  });

  test("settings, plugin activation, priority and plugin settings changed on one are in force on the other within a second", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    expect((await call(a, "PATCH", "/api/settings/global/BARCODE_RESULTS_MAX_NUM/", { value: "42" })).status).toBe(200);
    await within(1000, async () => (await call(b, "GET", "/api/settings/global/BARCODE_RESULTS_MAX_NUM/")).body.value === "42");

    const plugin = async (server: ServerProcess) => (await call(server, "GET", "/api/plugins/echo/")).body;
    expect((await plugin(b)).active).toBe(true);
    expect((await call(a, "PATCH", "/api/plugins/echo/activate/", { active: false })).status).toBe(200);
    await within(1000, async () => (await plugin(b)).active === false);
    expect((await call(a, "PATCH", "/api/plugins/echo/activate/", { active: true })).status).toBe(200);
    await within(1000, async () => (await plugin(b)).active === true);
  });

  test("concurrent stock writes through both processes give exact totals and complete tracking", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const part = (await call(a, "POST", "/api/part/", { name: "Shared widget" })).body.pk;
    const [here, there] = await Promise.all([call(a, "POST", "/api/stock/location/", { name: "Here" }), call(b, "POST", "/api/stock/location/", { name: "There" })]);
    const item = (await call(a, "POST", "/api/stock/", { part, location: here.body.pk, quantity: 1000 })).body.pk;
    const other = (await call(b, "POST", "/api/stock/", { part, location: there.body.pk, quantity: 500 })).body.pk;
    const N = 60;
    const writes: Array<Promise<{ status: number }>> = [];
    for (let i = 0; i < N; i++) {
      const server = i % 2 === 0 ? a : b;
      writes.push(call(server, "POST", "/api/stock/remove/", { items: [{ pk: item, quantity: 3 }] }));
      // Both items in one request, in opposite orders on the two processes: their row locks must
      // neither lose a write nor fail one on a deadlock.
      const both = [{ pk: item, quantity: 1 }, { pk: other, quantity: 1 }];
      writes.push(call(server, "POST", "/api/stock/add/", { items: i % 2 === 0 ? both : both.reverse() }));
    }
    const answers = await Promise.all(writes);
    expect(answers.filter((r) => r.status !== 201 && r.status !== 200)).toEqual([]);
    expect((await call(b, "GET", `/api/stock/${item}/`)).body.quantity).toBe(1000 - 3 * N + N);
    expect((await call(a, "GET", `/api/stock/${other}/`)).body.quantity).toBe(500 + N);
    const tracking = await call(a, "GET", `/api/stock/track/?item=${item}&limit=1000`);
    const entries = Array.isArray(tracking.body) ? tracking.body : tracking.body.results;
    // The creation entry, then one per removal and one per addition.
    expect(entries.length).toBe(1 + 2 * N);
    // The part's total, kept by the maintained counts under concurrent transactions.
    expect((await call(b, "GET", `/api/part/${part}/`)).body.in_stock).toBe(1000 - 2 * N + 500 + N);
  }, 120_000);
});
