/**
 * The SQL migrations, compiled into the program so a `bun build --compile` binary can migrate a
 * database without server/db/migrations/ on disk. Produces exactly what drizzle's
 * `readMigrationFiles` reads from that folder (same statements, hash, `folderMillis`), so the
 * `__drizzle_migrations` rows are the same whichever way a database was migrated.
 */
import { createHash } from "node:crypto";
import type { MigrationMeta } from "drizzle-orm/migrator";
import journal from "./migrations/meta/_journal.json";
import init from "./migrations/0000_init.sql" with { type: "text" };
import clients from "./migrations/0001_inventree_clients.sql" with { type: "text" };
import searchIndex from "./migrations/0002_search_index.sql" with { type: "text" };
import partNameIndex from "./migrations/0003_part_name_index.sql" with { type: "text" };
import maintainedCounts from "./migrations/0004_maintained_counts.sql" with { type: "text" };
import foreignKeyActions from "./migrations/0005_foreign_key_actions.sql" with { type: "text" };
import changeStamp from "./migrations/0006_change_stamp.sql" with { type: "text" };
import orderRowCounts from "./migrations/0007_order_row_counts.sql" with { type: "text" };
import locationPartCounts from "./migrations/0008_location_part_counts.sql" with { type: "text" };
import orderReferenceIndex from "./migrations/0009_order_reference_index.sql" with { type: "text" };
import openOrderCounts from "./migrations/0010_open_order_counts.sql" with { type: "text" };

/**
 * Every migration file by journal tag. Migrations are append-only since the first release: each
 * one `npm run db:generate` adds must be imported and listed here too (openDatabase then fails
 * loudly, in source runs and tests as well, rather than a binary silently lacking it).
 */
const SQL_BY_TAG: Readonly<Record<string, string>> = {
  "0000_init": init, "0001_inventree_clients": clients, "0002_search_index": searchIndex, "0003_part_name_index": partNameIndex, "0004_maintained_counts": maintainedCounts,
  "0005_foreign_key_actions": foreignKeyActions, "0006_change_stamp": changeStamp,
  "0007_order_row_counts": orderRowCounts,
  "0008_location_part_counts": locationPartCounts,
  "0009_order_reference_index": orderReferenceIndex,
  "0010_open_order_counts": openOrderCounts,
};

interface JournalEntry {
  tag: string;
  when: number;
  breakpoints: boolean;
}

/** The embedded SQLite migrations in journal order, shaped as drizzle's migrator expects them. */
export function embeddedMigrations(): MigrationMeta[] {
  return migrationsOfJournal(journal.entries, SQL_BY_TAG, "server/db/embedded-migrations.ts");
}

/**
 * A journal's migrations from their embedded SQL (shared with the PostgreSQL migrations,
 * server/db/pg/embedded-migrations.ts); `listedIn` names the file a missing one must be added to.
 */
export function migrationsOfJournal(entries: readonly JournalEntry[], sqlByTag: Readonly<Record<string, string>>, listedIn: string): MigrationMeta[] {
  return entries.map((entry) => {
    const query = sqlByTag[entry.tag];
    if (query === undefined) throw new Error(`migration ${entry.tag} is in the journal but not embedded: list it in ${listedIn}`);
    return {
      // drizzle splits on the marker and keeps every piece (an empty one runs as a no-op).
      sql: query.split("--> statement-breakpoint"),
      bps: entry.breakpoints,
      folderMillis: entry.when,
      hash: createHash("sha256").update(query).digest("hex"),
    };
  });
}
