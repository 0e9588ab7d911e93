/**
 * Opens the backend a process serves from (issue 12): the SQLite file of BINVENTORY_DB (the
 * embedded default) or the PostgreSQL server of BINVENTORY_DATABASE_URL. Either way the result is
 * migrated, has the modules' row triggers installed and is reached through the one `Database`
 * interface. On PostgreSQL every table name of tables.ts is bound to its PostgreSQL twin first, and
 * migrating and installing triggers hold an advisory lock, so several processes may start at once.
 */
import type { Database as Connection } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import type { DatabaseLocation, Durability } from "../core/config.ts";
import { type Db, openDatabase } from "./client.ts";
import type { Database } from "./database.ts";
import { migratePg, openPgDatabase, PG_SESSION } from "./pg/client.ts";
import { openPgAsyncDatabase } from "./pg/pg-database.ts";
import { openSqliteDatabase } from "./sqlite-database.ts";
import { notePostgresCollation } from "./dialect.ts";
import { useTables } from "./tables.ts";
import { installPgTriggers, installSqliteTriggers, type RowTrigger } from "./triggers.ts";

export interface OpenedBackend {
  database: Database;
  /**
   * TRANSITION (docs/data-layer.md): SQLite's synchronous connection for the services not yet
   * converted. On PostgreSQL there is none: using these throws, naming what was used.
   */
  db: Db;
  sqlite: Connection;
  /** What the operator should know about the database opened (the server logs each as a warning). */
  warnings: string[];
  close(): Promise<void>;
}

/** An arbitrary constant naming the migration's advisory lock. */
const MIGRATE_LOCK = 0x6276_6d67;

/** How many connections a process's PostgreSQL pool holds (BINVENTORY_DATABASE_POOL overrides). */
const DEFAULT_PG_POOL = 10;

export async function openBackend(location: DatabaseLocation, opts: { durability?: Durability; triggers: readonly RowTrigger[]; pool?: number }): Promise<OpenedBackend> {
  if (location.kind === "postgres") return openPostgres(location.url, opts);
  // The async database needs a file its connections share: `:memory:` becomes a private temporary one.
  const tmp = location.path === ":memory:" ? mkdtempSync(join(tmpdir(), "binventory-memory-")) : null;
  const path = tmp ? join(tmp, "memory.sqlite") : location.path;
  const durability = tmp ? "normal" : opts.durability;
  const opened = openDatabase(path, { durability });
  const database = openSqliteDatabase(path, { durability });
  installSqliteTriggers(opened.sqlite, opts.triggers);
  return {
    database,
    db: opened.db,
    sqlite: opened.sqlite,
    warnings: [],
    close: async () => {
      database.close();
      opened.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}

async function openPostgres(url: string, opts: { triggers: readonly RowTrigger[]; pool?: number }): Promise<OpenedBackend> {
  useTables("postgres");
  const admin = openPgDatabase(url, { max: 2 });
  try {
    // Session-level lock on a connection of its own, held while drizzle migrates on the other.
    const lock = await admin.sql.reserve();
    try {
      await lock`SELECT pg_advisory_lock(${MIGRATE_LOCK})`;
      await migratePg(admin);
      await installPgTriggers(admin.sql, opts.triggers);
      await lock`SELECT pg_advisory_unlock(${MIGRATE_LOCK})`;
    } finally {
      lock.release();
    }
  } finally {
    await admin.close();
  }
  const pool = new SQL({ url, max: opts.pool ?? DEFAULT_PG_POOL, connection: PG_SESSION });
  // The collation decides whether ORDER BY needs COLLATE "C" (dialect.ts); datlocprovider is PostgreSQL 15+.
  const [collation] = await pool`SELECT coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') AS provider, d.datcollate AS collate FROM pg_database d WHERE d.datname = current_database()`;
  const warnings: string[] = [];
  if (!notePostgresCollation(String(collation?.provider ?? ""), String(collation?.collate ?? ""))) {
    warnings.push(
      `the database's default collation (${collation?.provider === "c" ? "libc" : "provider " + String(collation?.provider)} "${String(collation?.collate)}") does not order text by bytes: lists still answer in SQLite's order (COLLATE "C"), but no index serves an ordering by a text column, so large lists sort in memory; create the database with LC_COLLATE 'C' (README, PostgreSQL) and copy-db into it`,
    );
  }
  const database = openPgAsyncDatabase(pool) as unknown as Database;
  return { database, db: noSync("db") as Db, sqlite: noSync("sqlite") as Connection, warnings, close: async () => database.close() };
}

/** A stand-in for a SQLite-only handle on PostgreSQL: any use throws, naming it. */
function noSync(name: string): unknown {
  return new Proxy(
    {},
    {
      get(_t, prop) {
        if (prop === "then") return undefined;
        throw new Error(`the synchronous SQLite handle ctx.${name} (.${String(prop)}) was used while serving from PostgreSQL: that service is not converted to the async Database yet`);
      },
    },
  );
}
