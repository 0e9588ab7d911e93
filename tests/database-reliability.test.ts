/**
 * Issue 10: a database error that is not the client's fault (locked past busy_timeout, disk full;
 * on PostgreSQL a lock not granted within the lock_timeout an operator set) answers 503 with Retry-After and a DRF
 * {detail}, never an anonymous 500, and a plugin's host call that hits it gets a clear error; BINVENTORY_DURABILITY sets `synchronous` on every connection,
 * the server's and each plugin worker's or process's (server/plugin-bridge/worker-handler.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { eq, sql } from "drizzle-orm";
import { SQL } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openServices } from "../server/bootstrap.ts";
import { loadConfig } from "../server/core/config.ts";
import { openConnections, PAGE_CACHE_KIB } from "../server/db/client.ts";
import { openServiceDatabase } from "../server/plugin-bridge/service-client.ts";
import { createWorkerHandler } from "../server/plugin-bridge/worker-handler.ts";
import { apiTokens } from "../server/db/tables.ts";
import { makeTestApp, postgresOnly, sqliteOnly, type TestApp } from "./support/app.ts";
import { pluginsDir } from "./support/plugins.ts";
import { freshPostgresDatabase } from "./support/postgres.ts";

/** The lock_timeout of the PostgreSQL pass's database, as an operator sets one (PostgreSQL's default waits forever). */
const LOCK_TIMEOUT_MS = 300;

/**
 * On the PostgreSQL pass, a fresh database whose sessions give up a lock wait after LOCK_TIMEOUT_MS
 * (`ALTER DATABASE … SET lock_timeout`, PostgreSQL's own setting: the server's connections and its
 * plugin service threads' all get it); nothing on SQLite.
 */
async function withLockTimeout(): Promise<Record<string, string>> {
  if (process.env.BINVENTORY_TEST_DATABASE !== "postgres") return {};
  const url = await freshPostgresDatabase();
  const admin = new SQL({ url, max: 1 });
  try {
    const [db] = await admin`SELECT current_database() AS name`;
    await admin.unsafe(`ALTER DATABASE "${db.name}" SET lock_timeout = '${LOCK_TIMEOUT_MS}ms'`);
  } finally {
    await admin.close();
  }
  return { BINVENTORY_DATABASE_URL: url };
}

const synchronous = (db: Database) => (db.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;
const FULL = 2;
const NORMAL = 1;

// The sqliteOnly tests hold SQLite's write lock from a second connection and cap its pages (SQLite's
// own busy_timeout, SQLITE_FULL); the postgresOnly ones are their PostgreSQL counterparts, a lock
// held on the rows the request needs (a full disk has none that a test can provoke).
describe("errors that are not the client's fault", () => {
  let t: TestApp;
  let plugins: string;
  let item = 0;
  beforeAll(async () => {
    plugins = pluginsDir({ examples: ["take-from-stock"] });
    // Inline: the plugin (granted bv_stock_adjust) runs in a worker thread whose host calls the app's
    // own Database answers (docs/data-layer.md "Plugin host calls"); the test shortens its writer's busy_timeout.
    t = await makeTestApp({ pluginsDir: plugins, env: { BINVENTORY_PLUGIN_ISOLATION: "inline", ...(await withLockTimeout()) } });
    const sqlite = t.services.database.dialect === "sqlite";
    if (sqlite) await t.services.database.write((tx) => void tx.q.run(sql`PRAGMA busy_timeout = 50`));
    const part = (await t.call("POST", "/api/part/", { name: "Locked part" })).body.pk;
    const location = (await t.call("POST", "/api/stock/location/", { name: "Locked shelf" })).body.pk;
    item = (await t.call("POST", "/api/stock/", { part, location, quantity: 10 })).body.pk;
    if (sqlite) t.services.sqlite.exec("PRAGMA busy_timeout = 50");
  });
  afterAll(async () => {
    await t.close();
    rmSync(plugins, { recursive: true, force: true });
  });

  /**
   * Runs `fn` while another PostgreSQL connection holds, in an open transaction, the locks `lock`
   * takes: the app's statements that need them wait the database's lock_timeout, then fail (55P03).
   */
  async function whileRowsLocked<T>(lock: (conn: SQL) => Promise<unknown>, fn: () => Promise<T>): Promise<T> {
    const location = t.services.config.database;
    if (location.kind !== "postgres") throw new Error("PostgreSQL only");
    const other = new SQL({ url: location.url, max: 1 });
    const conn = await other.reserve();
    await conn.unsafe("BEGIN");
    try {
      await lock(conn as unknown as SQL);
      return await fn();
    } finally {
      await conn.unsafe("ROLLBACK");
      conn.release();
      await other.close();
    }
  }
  const lockItem = (conn: SQL) => conn`SELECT id FROM stock_item WHERE id = ${item} FOR UPDATE`;

  /** Runs `fn` while another connection holds the write lock. */
  async function whileLocked<T>(fn: () => Promise<T>): Promise<T> {
    const other = new Database(t.services.config.dbPath);
    other.exec("BEGIN IMMEDIATE");
    try {
      return await fn();
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  }

  sqliteOnly("a write that waited past busy_timeout is a 503 with Retry-After and a {detail}, and changes nothing", async () => {
    const r = await whileLocked(() => t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: 1 }] }));
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("1");
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(r.body).toEqual({ detail: expect.stringContaining("busy") });
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(10);
    // Once the lock is gone the same request succeeds.
    expect((await t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: 1 }] })).status).toBe(201);
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(11);
  });

  sqliteOnly("a full disk (SQLITE_FULL) is a 503 with Retry-After, not a 500", async () => {
    const pages = (t.services.sqlite.query("PRAGMA page_count").get() as { page_count: number }).page_count;
    // On both connections that write: the synchronous services' and the async Database's writer (parts are written there).
    const cap = async (n: number) => {
      t.services.sqlite.exec(`PRAGMA max_page_count = ${n}`);
      await t.services.database.write((tx) => void tx.q.run(sql.raw(`PRAGMA max_page_count = ${n}`)));
    };
    await cap(pages);
    try {
      const r = await t.call("POST", "/api/part/", { name: "Too big", notes: "x".repeat(49_000), description: "y".repeat(240) });
      expect(r.status).toBe(503);
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(r.body).toEqual({ detail: expect.stringContaining("disk is full") });
    } finally {
      await cap(1073741823);
    }
    expect((await t.call("GET", "/api/part/?search=Too%20big")).body).toEqual([]);
  });

  sqliteOnly("a token used for the first time while the database is locked still authenticates (its last-seen stamp is best effort)", async () => {
    const r = await whileLocked(() => t.call("GET", `/api/stock/${item}/`, undefined, "readonly"));
    expect(r.status).toBe(200);
    expect(r.body.quantity).toBe(11);
  });

  sqliteOnly("a plugin whose host call finds the database locked gets a clear error, and nothing changes", async () => {
    const r = await whileLocked(() => t.call("POST", "/api/action/", { action: "take", data: { item, quantity: 1 } }, "staff"));
    expect(r.status).toBe(400); // the action route's answer for a plugin's own error (server/modules/action/service.ts)
    expect(r.body).toMatchObject({ plugin: "take-from-stock", failure: "plugin_error" });
    expect(r.body.error).toContain("The database is busy");
    expect(r.body.error).toContain("SQLITE_BUSY");
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(11);
  });

  postgresOnly("PostgreSQL: a write that waited past the database's lock_timeout for a row is a 503 with Retry-After and a {detail}, and changes nothing", async () => {
    const before = (await t.call("GET", `/api/stock/${item}/`)).body.quantity as number;
    const started = performance.now();
    const r = await whileRowsLocked(lockItem, () => t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: 1 }] }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS - 50);
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("1");
    expect(r.body).toEqual({ detail: expect.stringContaining("busy") });
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(before);
    expect((await t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: 1 }] })).status).toBe(201);
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(before + 1);
  });

  postgresOnly("PostgreSQL: a token used for the first time while its row is locked still authenticates (its last-seen stamp is best effort)", async () => {
    const [token] = await t.services.database.q.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.user_id, t.users.readonly));
    const r = await whileRowsLocked(
      (conn) => conn`SELECT id FROM api_token WHERE id = ${token?.id} FOR UPDATE`,
      () => t.call("GET", `/api/stock/${item}/`, undefined, "readonly"),
    );
    expect(r.status).toBe(200);
    expect(r.body.pk).toBe(item);
  });

  postgresOnly("PostgreSQL: a plugin whose host call waits past lock_timeout gets a clear error, and nothing changes", async () => {
    const before = (await t.call("GET", `/api/stock/${item}/`)).body.quantity as number;
    const r = await whileRowsLocked(lockItem, () => t.call("POST", "/api/action/", { action: "take", data: { item, quantity: 1 } }, "staff"));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ plugin: "take-from-stock", failure: "plugin_error" });
    expect(r.body.error).toContain("The database is busy");
    expect(r.body.error).toContain("55P03");
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(before);
  });
});

describe("BINVENTORY_DURABILITY", () => {
  const dir = mkdtempSync(join(tmpdir(), "binventory-durability-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("defaults to full; accepts full or normal; refuses anything else", () => {
    expect(loadConfig({}).durability).toBe("full");
    expect(loadConfig({ BINVENTORY_DURABILITY: "normal" }).durability).toBe("normal");
    expect(loadConfig({ BINVENTORY_DURABILITY: "FULL" }).durability).toBe("full");
    expect(() => loadConfig({ BINVENTORY_DURABILITY: "off" })).toThrow("BINVENTORY_DURABILITY must be full or normal");
  });

  for (const [setting, expected] of [
    ["full", FULL],
    ["normal", NORMAL],
    [undefined, FULL],
  ] as const) {
    test(`${setting ?? "unset"}: synchronous=${expected === FULL ? "FULL" : "NORMAL"} on the server's connection and on a plugin worker's or process's`, async () => {
      const dbPath = join(dir, `${setting ?? "default"}.sqlite`);
      const config = loadConfig({ BINVENTORY_DB: dbPath, BINVENTORY_LOG_LEVEL: "silent", ...(setting ? { BINVENTORY_DURABILITY: setting } : {}) });
      const services = await openServices(config);
      try {
        expect(synchronous(services.sqlite)).toBe(expected);
        // What a plugin process's service thread (plugin-bridge/service-thread.ts) opens, with the config the executor sends.
        const before = new Set(openConnections());
        const database = openServiceDatabase({ dbPath: config.dbPath, logLevel: config.logLevel, durability: config.durability });
        const opened = openConnections().filter((c) => !before.has(c));
        expect(opened).toHaveLength(2); // its writer and its reader
        expect(opened.map(synchronous)).toContain(expected);
        for (const c of opened) expect((c.query("PRAGMA busy_timeout").get() as { timeout: number }).timeout).toBe(5000);
        // Every connection gets the larger page cache, not SQLite's 2 MB default.
        for (const c of [services.sqlite, ...opened]) expect((c.query("PRAGMA cache_size").get() as { cache_size: number }).cache_size).toBe(-PAGE_CACHE_KIB);
        database.close();
        // And a plugin process's handler starts that thread on "init" and stops it on "close".
        const handle = createWorkerHandler("test");
        expect((await handle({ type: "init", id: 1, config: { dbPath: config.dbPath, logLevel: config.logLevel, durability: config.durability } })).type).toBe("ready");
        expect((await handle({ type: "close", id: 2 })).type).toBe("closed");
      } finally {
        await services.close();
      }
    });
  }
});
