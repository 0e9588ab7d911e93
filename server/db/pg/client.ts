import { type ReservedSQL, SQL } from "bun";
import { drizzle } from "drizzle-orm/bun-sql";
import type { MigrationMeta } from "drizzle-orm/migrator";
import type { PgDialect } from "drizzle-orm/pg-core";
import journal from "../migrations-pg/meta/_journal.json";
import { embeddedPgMigrations } from "./embedded-migrations.ts";
import { pgTables } from "./schema.ts";

/** A drizzle database on PostgreSQL (Bun's built-in SQL client) over the derived tables. */
type PgDb = ReturnType<typeof drizzle<typeof pgTables>>;

export interface OpenPgDb {
  db: PgDb;
  /** The Bun SQL client underneath (a pool). */
  sql: SQL;
  close(): Promise<void>;
}

/** The schema and table of drizzle's migration bookkeeping on PostgreSQL (its defaults). */
const MIGRATIONS_SCHEMA = "drizzle";
const MIGRATIONS_TABLE = "__drizzle_migrations";

/** The drizzle internals its own `migrate()` uses; typed here because drizzle marks them @internal. */
interface PgMigratorInternals {
  dialect: PgDialect;
  session: Parameters<PgDialect["migrate"]>[1];
}

/**
 * Settings every Binventory connection starts with. `random_page_cost` 1.1 (PostgreSQL's default is
 * 4, a spinning disk's): a site's working set is cached or on SSD, and at 4 the planner prefers
 * hashing a whole table to a few hundred index lookups — the stock list of one bin joined its 472
 * parts through a scan of all 50,000 (9 ms; 4.9 ms at 1.1). Sent as startup parameters, these win
 * over database and role defaults (README, PostgreSQL).
 */
export const PG_SESSION = { random_page_cost: "1.1" } as const;

/**
 * Connects to PostgreSQL. Nothing is migrated here: `migratePg` does that (`binventory migrate`,
 * copy-db). `max` bounds the pool.
 */
export function openPgDatabase(url: string, opts: { max?: number } = {}): OpenPgDb {
  const sql = new SQL({ url, max: opts.max ?? 4, connection: PG_SESSION });
  const db = drizzle({ client: sql, schema: pgTables });
  return { db, sql, close: () => sql.close() };
}

/** The `created_at` of every migration drizzle recorded in the database; null when it never migrated. */
export async function recordedPgMigrationTimes(sql: SQL): Promise<number[] | null> {
  const [exists] = await sql.unsafe(`SELECT to_regclass('"${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"') IS NOT NULL AS present`);
  if (!exists?.present) return null;
  const rows: Array<{ created_at: string | number }> = await sql.unsafe(`SELECT created_at FROM "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}" ORDER BY created_at`);
  return rows.map((r) => Number(r.created_at));
}

/**
 * Brings a PostgreSQL database's schema up to date from the embedded migrations, through drizzle's
 * own dialect code (so `drizzle.__drizzle_migrations` is what drizzle-kit's migrate would write), in
 * one transaction. Returns the journal tags it applied, in order ([] when already up to date).
 */
export async function migratePg(open: OpenPgDb): Promise<string[]> {
  const internals = open.db as unknown as Partial<PgMigratorInternals>;
  if (typeof internals.dialect?.migrate !== "function" || !internals.session) {
    throw new Error("this drizzle-orm version no longer exposes dialect.migrate; update server/db/pg/client.ts");
  }
  const before = (await recordedPgMigrationTimes(open.sql)) ?? [];
  const migrations: MigrationMeta[] = embeddedPgMigrations();
  await internals.dialect.migrate(migrations, internals.session, { migrationsFolder: "(embedded)", migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: MIGRATIONS_TABLE });
  const last = before.length > 0 ? Math.max(...before) : -Infinity;
  // drizzle applies every migration newer than the last recorded one, as here.
  return journal.entries.filter((e) => e.when > last).map((e) => e.tag);
}

/**
 * Starts a transaction on a reserved connection, held across awaits until the caller sends COMMIT or
 * ROLLBACK: "write" (READ COMMITTED, copy-db's target) or "snapshot" (REPEATABLE READ READ ONLY: every
 * read sees the same moment, copy-db's source).
 */
export async function beginPgTransaction(conn: ReservedSQL, mode: "write" | "snapshot"): Promise<void> {
  await conn.unsafe(mode === "snapshot" ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
}
