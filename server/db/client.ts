import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import type { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Durability } from "../core/config.ts";
import { embeddedMigrations } from "./embedded-migrations.ts";
import * as schema from "./schema/index.ts";
import { registerSearchFold } from "./search-fold.ts";

/** How long a connection waits for another connection's write lock before SQLITE_BUSY (then a 503). */
export const BUSY_TIMEOUT_MS = 5000;

export type Db = ReturnType<typeof drizzle<typeof schema>>;
/** What a service receives inside `db.transaction(...)`; also accepted where a Db is. */
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;


export interface OpenDb {
  db: Db;
  sqlite: Database;
  close(): void;
}

/** The drizzle internals its own `migrate()` uses; typed here because drizzle marks them @internal. */
interface MigratorInternals {
  dialect: SQLiteSyncDialect;
  session: Parameters<SQLiteSyncDialect["migrate"]>[1];
}

/**
 * Applies the migrations compiled into the program (a compiled binary has no migrations folder)
 * through drizzle's own dialect code, the very step `migrate()` takes after reading the folder, so
 * the `__drizzle_migrations` bookkeeping is drizzle's byte for byte.
 */
function migrateEmbedded(db: Db): void {
  const internals = db as unknown as Partial<MigratorInternals>;
  if (typeof internals.dialect?.migrate !== "function" || !internals.session) {
    throw new Error("this drizzle-orm version no longer exposes dialect.migrate; update server/db/client.ts");
  }
  internals.dialect.migrate(embeddedMigrations(), internals.session);
}

/**
 * Opens (creating if needed) the SQLite database in WAL mode and brings its schema up to date, from
 * the embedded migrations or, when `migrationsFolder` is given, from that folder on disk.
 */
export function openDatabase(path: string, opts: { migrationsFolder?: string; migrate?: boolean; durability?: Durability } = {}): OpenDb {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = openConnection(path, { durability: opts.durability });
  const db = drizzle(sqlite, { schema });
  // Plugin workers open the same file after the main thread migrated it.
  if (opts.migrate !== false) {
    if (opts.migrationsFolder) migrate(db, { migrationsFolder: opts.migrationsFolder });
    else migrateEmbedded(db);
  }
  connections.add(sqlite);
  return {
    db,
    sqlite,
    close: () => {
      connections.delete(sqlite);
      sqlite.close();
    },
  };
}

const connections = new Set<Database>();

/** Each connection's page cache, in KiB (PRAGMA cache_size takes a negative number as KiB). */
export const PAGE_CACHE_KIB = 32 * 1024;

/**
 * One bun:sqlite connection as every connection of the server is set up: WAL, foreign keys,
 * `busy_timeout`, the durability's `synchronous`, the search fold function. Not migrated, not
 * tracked: openDatabase and server/db/sqlite-database.ts do that.
 */
export function openConnection(path: string, opts: { durability?: Durability; readonly?: boolean } = {}): Database {
  const sqlite = opts.readonly ? new Database(path, { readonly: true, strict: true }) : new Database(path, { create: true, strict: true });
  if (!opts.readonly) sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  // A writer waits this long for another connection's write lock (server/db/write.ts takes it up front).
  sqlite.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // FULL: the WAL is synced at every commit, so an acknowledged write survives a power loss (README: Durability).
  sqlite.exec(`PRAGMA synchronous = ${(opts.durability ?? "full") === "full" ? "FULL" : "NORMAL"}`);
  // A page cache of PAGE_CACHE_KIB (SQLite's default is 2 MB): a list at scale reads a few hundred
  // scattered pages per request (a bin's 559 items' parts), and past 2 MB each miss is a read()
  // from the OS; at 1M items the bin list spent 1.4 of its 1.7 ms on those (docs/data-layer.md,
  // "SQLite's page cache"). Pages are allocated as they are read: a small database uses little.
  sqlite.exec(`PRAGMA cache_size = -${PAGE_CACHE_KIB}`);
  registerSearchFold(sqlite);
  return sqlite;
}

/** Tracks a connection opened outside openDatabase (the async database's) until `untrack`. */
export function trackConnection(sqlite: Database): () => void {
  connections.add(sqlite);
  return () => connections.delete(sqlite);
}

/** The connections this process opened and has not closed: tests read their pragmas (tests/database-reliability.test.ts). */
export const openConnections = (): readonly Database[] => [...connections];
