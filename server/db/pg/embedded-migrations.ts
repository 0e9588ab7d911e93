/**
 * The PostgreSQL migrations (server/db/migrations-pg/), compiled into the program as the SQLite ones
 * are (server/db/embedded-migrations.ts): the same statements and hashes drizzle's `readMigrationFiles`
 * would read from the folder, so a compiled binary migrates PostgreSQL without the folder on disk.
 */
import type { MigrationMeta } from "drizzle-orm/migrator";
import { migrationsOfJournal } from "../embedded-migrations.ts";
import journal from "../migrations-pg/meta/_journal.json";
import init from "../migrations-pg/0000_init.sql" with { type: "text" };
import searchIndex from "../migrations-pg/0001_search_index.sql" with { type: "text" };
import maintainedCounts from "../migrations-pg/0002_maintained_counts.sql" with { type: "text" };
import maintainedCountTriggers from "../migrations-pg/0003_maintained_count_triggers.sql" with { type: "text" };
import changeStamp from "../migrations-pg/0004_change_stamp.sql" with { type: "text" };
import searchRawKeys from "../migrations-pg/0005_search_raw_keys.sql" with { type: "text" };
import indexSqliteOrder from "../migrations-pg/0006_index_sqlite_order.sql" with { type: "text" };
import statementTimestampDefaults from "../migrations-pg/0007_statement_timestamp_defaults.sql" with { type: "text" };
import orderRowCounts from "../migrations-pg/0008_order_row_counts.sql" with { type: "text" };
import locationPartCounts from "../migrations-pg/0009_location_part_counts.sql" with { type: "text" };
import orderReferenceIndex from "../migrations-pg/0010_order_reference_index.sql" with { type: "text" };
import openOrderCounts from "../migrations-pg/0011_open_order_counts.sql" with { type: "text" };

/** Every PostgreSQL migration file by journal tag; each one `npm run db:generate:pg` adds must be listed here too. */
const SQL_BY_TAG: Readonly<Record<string, string>> = {
  "0000_init": init,
  "0001_search_index": searchIndex,
  "0002_maintained_counts": maintainedCounts,
  "0003_maintained_count_triggers": maintainedCountTriggers,
  "0004_change_stamp": changeStamp,
  "0005_search_raw_keys": searchRawKeys,
  "0006_index_sqlite_order": indexSqliteOrder,
  "0007_statement_timestamp_defaults": statementTimestampDefaults,
  "0008_order_row_counts": orderRowCounts,
  "0009_location_part_counts": locationPartCounts,
  "0010_order_reference_index": orderReferenceIndex,
  "0011_open_order_counts": openOrderCounts,
};

/** The embedded PostgreSQL migrations in journal order, shaped as drizzle's migrator expects them. */
export function embeddedPgMigrations(): MigrationMeta[] {
  return migrationsOfJournal(journal.entries, SQL_BY_TAG, "server/db/pg/embedded-migrations.ts");
}
