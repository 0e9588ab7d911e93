import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PluginRunner, RunnerOptions } from "../plugin-sdk/cli/run.ts";
import type { Config } from "./core/config.ts";
import type { AppContext } from "./core/context.ts";
import { openBackend } from "./db/open.ts";
import type { Db } from "./db/client.ts";
import type { Database as SqliteConnection } from "bun:sqlite";
import { watchChanges } from "./db/changes.ts";
import { createPluginStore, readPluginSettings } from "./db/plugin-store.ts";
import { seedDemoData } from "./demo/seed.ts";
import { createLogger } from "./core/log.ts";
import { InlineExecutor } from "./plugin-host/executor-inline.ts";
import { DEFAULT_HYBRID, HybridExecutor } from "./plugin-host/executor-hybrid.ts";
import { ProcessPoolExecutor } from "./plugin-host/executor-processes.ts";
import { PLUGIN_WORKER_URL } from "./plugin-bridge/worker-url.ts";
import { WorkerPoolExecutor } from "./plugin-host/executor-workers.ts";
import { createHostServices } from "./plugin-bridge/host-services.ts";
import { PluginRegistry } from "./plugin-host/registry.ts";
import { openPluginRunner } from "./plugin-bridge/plugin-runner.ts";
import { attachmentCleanupTriggers } from "./modules/attachment/cleanup-triggers.ts";
import { parameterCleanupTriggers } from "./modules/parameter/cleanup-triggers.ts";
import type { RowTrigger } from "./db/triggers.ts";
import { countUsers, createAuthenticator, createUser, findUserByName, listUsers } from "./modules/user/service.ts";

/** The row triggers the modules keep in the database (server/db/triggers.ts), installed at every start. */
function moduleTriggers(): RowTrigger[] {
  return [...attachmentCleanupTriggers(), ...parameterCleanupTriggers()];
}

/** The wired services: AppContext, with the concrete plugin registry for the server's own lifecycle. */
export interface Services extends AppContext {
  plugins: PluginRegistry;
  /**
   * SQLite only: the file's own synchronous connection (drizzle `db`, raw `sqlite`), for tests and
   * tools that inspect SQLite itself; no service uses them. On PostgreSQL, stand-ins that throw.
   */
  db: Db;
  sqlite: SqliteConnection;
  close(): Promise<void>;
}

/** Opens the database (SQLite or PostgreSQL: db/open.ts), migrates it, and wires the services every module receives. */
export async function openServices(config: Config): Promise<Services> {
  const { database, db, sqlite, close, warnings } = await openBackend(config.database, { durability: config.durability, triggers: moduleTriggers() });
  const log = createLogger(config.logLevel);
  for (const warning of warnings) log.warn(`database: ${warning}`);
  // The plugins' host calls, on the async database: answered here for the request thread and the
  // worker threads (which block on this thread through plugin-host/blocking-call.ts); a plugin
  // process answers its own, from a service thread on the same file (docs/data-layer.md).
  const host = createHostServices({ database, log });
  const inline = () => new InlineExecutor(host);
  const workers = () => new WorkerPoolExecutor(PLUGIN_WORKER_URL, config, config.pluginWorkers, log, { host });
  const processes = () => new ProcessPoolExecutor(config, config.pluginWorkers, log);
  // Processes open the database file themselves: an in-memory database runs plugins inline.
  const isolation = config.dbPath === ":memory:" ? "inline" : config.pluginIsolation;
  const makeExecutor = {
    // The request thread cannot answer a database host call it would block on: a plugin granted
    // one runs in a worker thread instead (HybridExecutor's eligibility), every other call inline.
    inline: () => new HybridExecutor(inline(), workers(), { inlineFuel: Number.MAX_SAFE_INTEGER, coolDownMs: 0, log }),
    worker: workers,
    process: processes,
    hybrid: () => new HybridExecutor(inline(), processes(), { ...DEFAULT_HYBRID, inlineFuel: config.pluginInlineFuel, log }),
  }[isolation];
  const plugins = new PluginRegistry(createPluginStore(database), config, log, makeExecutor);
  // Processes sharing the database: a plugin activated or reordered through another one is in force
  // here within the feed's interval (at once on PostgreSQL: NOTIFY). Everything else is read per request.
  const stopWatching = await watchChanges(database, (topic) => (topic === "plugins" ? plugins.refreshActivation() : undefined), {
    onError: (e) => log.warn("change feed: reading the change stamps failed; retrying", { error: e instanceof Error ? e.message : String(e) }),
  });
  return {
    config,
    db,
    database,
    sqlite,
    log,
    auth: createAuthenticator(database),
    plugins,
    close: async () => {
      await stopWatching();
      await plugins.close();
      await close();
    },
  };
}

/**
 * What `serve` does before listening: the configured admin (as InvenTree's INVENTREE_ADMIN_*), a
 * generated admin on a new database with none configured, and demo data on an empty database.
 * Returns the generated password, if any, so the caller prints it once.
 */
export async function prepareDatabase(s: Services): Promise<{ generatedAdmin?: { username: string; password: string } }> {
  const { config, database } = s;
  let generatedAdmin: { username: string; password: string } | undefined;
  // Several processes may start together on one database: a user another one created meanwhile is
  // taken as created (the user module refuses the duplicate inside its transaction).
  const ensureUser = async (username: string, create: () => Promise<unknown>): Promise<boolean> => {
    try {
      await create();
      return true;
    } catch (e) {
      if (await findUserByName(database, username)) return false;
      throw e;
    }
  };
  if (config.admin) {
    const admin = config.admin;
    if (!(await findUserByName(database, admin.username))) {
      if (await ensureUser(admin.username, () => createUser(database, { username: admin.username, password: admin.password, email: admin.email, role: "superuser" }))) {
        s.log.info("created superuser from BINVENTORY_ADMIN_USER", { username: admin.username });
      }
    }
  } else if ((await countUsers(database)) === 0) {
    // Never a built-in default password: a fresh database gets a random one, shown once.
    const password = Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString("base64url");
    if (await ensureUser("admin", () => createUser(database, { username: "admin", password, role: "superuser" }))) generatedAdmin = { username: "admin", password };
  }
  if (config.demo) {
    const seeded = await seedDemoData(s.database);
    if (seeded) s.log.info("seeded demo data", seeded);
  }
  return { generatedAdmin };
}

/**
 * `binventory plugin call | test`: the plugin in `dir` over a database. "demo" (the default) is a
 * throwaway one in a temporary folder, migrated, with the demo data and a superuser `admin` (pk 1,
 * the user `init`'s fixture cases name), removed on close; any other value is the path of a
 * Binventory database (migrated first, as `serve` would). `as` names the user calls are made for.
 */
export async function openPluginRunnerFor(dir: string, options: RunnerOptions): Promise<PluginRunner> {
  const demo = (options.db ?? "demo") === "demo";
  const tmp = demo ? mkdtempSync(join(tmpdir(), "binventory-plugin-call-")) : null;
  const path = tmp ? join(tmp, "demo.sqlite") : (options.db as string);
  // The same opening as the server's (migrated, the modules' triggers installed).
  const backend = await openBackend({ kind: "sqlite", path }, { durability: demo ? "normal" : "full", triggers: moduleTriggers() });
  const { database } = backend;
  const close = async () => {
    await backend.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
  try {
    if (demo) {
      await createUser(database, { username: "admin", password: crypto.randomUUID(), role: "superuser" });
      await seedDemoData(database);
    }
    let user = null;
    if (options.as !== undefined) {
      const row = await findUserByName(database, options.as);
      if (!row) {
        const known = (await listUsers(database, { limit: 20, offset: 0 })).rows.map((u) => (u as { username: string }).username);
        throw new Error(`--as ${options.as}: no such user in ${demo ? "the demo database" : path} (users: ${known.join(", ") || "none"})`);
      }
      user = { pk: row.id, username: row.username, role: row.role };
    }
    const described = demo ? `a throwaway demo database (${path})` : `the database ${path}`;
    const readSettings = (slug: string) => readPluginSettings(database, slug);
    return await openPluginRunner(dir, { dbPath: path, durability: demo ? "normal" : "full", log: createLogger("error"), database: described, user, readSettings, close });
  } catch (e) {
    await close();
    throw e;
  }
}
