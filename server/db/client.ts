import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import * as schema from "./schema/index.ts";

export type Db = ReturnType<typeof drizzle<typeof schema>>;
/** What a service receives inside `db.transaction(...)`; also accepted where a Db is. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface OpenDb {
  db: Db;
  sqlite: Database;
  close(): void;
}

const MIGRATIONS = join(import.meta.dir, "migrations");

/** Opens (creating if needed) the SQLite database in WAL mode and brings its schema up to date. */
export function openDatabase(path: string, opts: { migrationsFolder?: string; migrate?: boolean } = {}): OpenDb {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  // Plugin workers open the same file after the main thread migrated it.
  if (opts.migrate !== false) migrate(db, { migrationsFolder: opts.migrationsFolder ?? MIGRATIONS });
  return { db, sqlite, close: () => sqlite.close() };
}
