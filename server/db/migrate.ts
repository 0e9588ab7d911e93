import { existsSync } from "node:fs";
import type { DatabaseLocation, Durability } from "../core/config.ts";
import { openDatabase } from "./client.ts";
import journal from "./migrations/meta/_journal.json";
import pgJournal from "./migrations-pg/meta/_journal.json";
import { migratePg, openPgDatabase, recordedPgMigrationTimes } from "./pg/client.ts";

/** The `created_at` of every migration drizzle recorded in a SQLite database; null when it never migrated. */
function recordedSqliteMigrationTimes(path: string): number[] | null {
  const { sqlite, close } = openDatabase(path, { migrate: false });
  try {
    const table = sqlite.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    if (!table) return null;
    return sqlite
      .query<{ created_at: number }, []>("SELECT created_at FROM __drizzle_migrations")
      .all()
      .map((r) => Number(r.created_at));
  } finally {
    close();
  }
}

/**
 * Brings the schema of the database at `location` up to date with its backend's migrations
 * (server/db/migrations/ for SQLite, server/db/migrations-pg/ for PostgreSQL) and returns the journal
 * tags it applied, in order ([] when it was up to date). `binventory migrate` and copy-db use it.
 */
export async function migrateDatabase(location: DatabaseLocation, opts: { durability?: Durability } = {}): Promise<string[]> {
  if (location.kind === "postgres") {
    const open = openPgDatabase(location.url, { max: 1 });
    try {
      return await migratePg(open);
    } finally {
      await open.close();
    }
  }
  const before = (location.path === ":memory:" ? null : recordedSqliteMigrationTimes(location.path)) ?? [];
  openDatabase(location.path, { durability: opts.durability }).close();
  // drizzle applies every migration newer than the last recorded one.
  const last = before.length > 0 ? Math.max(...before) : -Infinity;
  return journal.entries.filter((e) => e.when > last).map((e) => e.tag);
}

/**
 * The journal tags not yet applied to an existing database ([] when it is up to date), or null when
 * it holds no migration record at all (not a Binventory database, or an empty one). Never writes.
 */
export async function pendingMigrations(location: DatabaseLocation): Promise<string[] | null> {
  let recorded: number[] | null;
  let entries: ReadonlyArray<{ tag: string; when: number }>;
  if (location.kind === "postgres") {
    const open = openPgDatabase(location.url, { max: 1 });
    try {
      recorded = await recordedPgMigrationTimes(open.sql);
    } finally {
      await open.close();
    }
    entries = pgJournal.entries;
  } else {
    if (location.path !== ":memory:" && !existsSync(location.path)) throw new Error(`no SQLite database at ${location.path}`);
    recorded = location.path === ":memory:" ? null : recordedSqliteMigrationTimes(location.path);
    entries = journal.entries;
  }
  if (recorded === null) return null;
  const last = recorded.length > 0 ? Math.max(...recorded) : -Infinity;
  return entries.filter((e) => e.when > last).map((e) => e.tag);
}
