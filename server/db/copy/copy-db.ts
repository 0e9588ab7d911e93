/**
 * `binventory copy-db --from <url> --to <url>`: a whole database from one backend into another
 * (SQLite → PostgreSQL for a site that grows, PostgreSQL → SQLite, SQLite → SQLite).
 *
 * The target is migrated first and must be empty. The source, which must be up to date, is read in
 * one snapshot, table by table in foreign-key order, a batch at a time in primary-key order (memory
 * stays flat whatever the size); everything is written in one transaction on the target, so a failed
 * copy leaves it empty. Sequences are moved past the source's, the search index is brought up to
 * date, the maintained counts are copied as data with their triggers off (a trigger firing on each
 * copied row would count it twice) and checked against a recount before the commit, and after the
 * commit every table's row count is compared with the source's.
 */
import { type DatabaseLocation, describeDatabase } from "../../core/config.ts";
import { migrateDatabase, pendingMigrations } from "../migrate.ts";
import { pgSource, pgTarget } from "./pg-side.ts";
import type { CopySource, CopyTarget } from "./sides.ts";
import { sqliteSource, sqliteTarget } from "./sqlite-side.ts";
import { type CopyTable, tablesInCopyOrder } from "./tables.ts";

/** A copy refused or failed for a reason the user can act on; the CLI prints its message alone. */
class CopyDbError extends Error {}

interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  tables: TableCount[];
  rows: number;
  seconds: number;
  migrated: string[];
  searchIndex: string;
}

const DEFAULT_BATCH_ROWS = 2000;

/** Whether two locations name the same database (copy-db refuses to copy a database onto itself). */
export function sameDatabase(a: DatabaseLocation, b: DatabaseLocation): boolean {
  if (a.kind === "sqlite" && b.kind === "sqlite") return a.path === b.path && a.path !== ":memory:";
  if (a.kind === "postgres" && b.kind === "postgres") {
    const [ua, ub] = [new URL(a.url), new URL(b.url)];
    return ua.hostname === ub.hostname && (ua.port || "5432") === (ub.port || "5432") && ua.pathname === ub.pathname;
  }
  return false;
}

async function copyTable(source: CopySource, target: CopyTarget, table: CopyTable, batchRows: number): Promise<number> {
  let after: unknown[] | null = null;
  let copied = 0;
  const keyIndexes = table.primaryKey.map((name) => table.columns.findIndex((c) => c.name === name));
  for (;;) {
    const rows = await source.readBatch(table, after, batchRows);
    if (rows.length === 0) break;
    await target.insertBatch(table, rows);
    copied += rows.length;
    const last = rows[rows.length - 1] as unknown[];
    after = keyIndexes.map((i) => last[i]);
    if (rows.length < batchRows) break;
  }
  for (const column of table.selfReferences) {
    let afterId: number | null = null;
    for (;;) {
      const pairs = await source.readSelfReferences(table, column, afterId, batchRows);
      if (pairs.length === 0) break;
      await target.setSelfReferences(table, column, pairs);
      afterId = (pairs[pairs.length - 1] as [number, unknown])[0];
      if (pairs.length < batchRows) break;
    }
  }
  await target.setSequence(table, await source.sequencePosition(table));
  return copied;
}

/**
 * Copies every row of `from` into `to` (see the file comment). `log` receives one line per step.
 * Throws CopyDbError when it refuses (target not empty, source not migrated, same database) or when
 * a count disagrees after the commit.
 */
export async function copyDatabase(from: DatabaseLocation, to: DatabaseLocation, opts: { batchRows?: number; log?: (line: string) => void } = {}): Promise<CopyReport> {
  const log = opts.log ?? (() => {});
  const batchRows = opts.batchRows ?? DEFAULT_BATCH_ROWS;
  if (sameDatabase(from, to)) throw new CopyDbError(`--from and --to name the same database (${describeDatabase(from)})`);
  const tables = tablesInCopyOrder();

  const pending = await pendingMigrations(from);
  if (pending === null) throw new CopyDbError(`the source ${describeDatabase(from)} is not a Binventory database (no migrations recorded)`);
  if (pending.length > 0) throw new CopyDbError(`the source ${describeDatabase(from)} is not up to date (${pending.join(", ")} not applied): run "binventory migrate" on it first`);
  const migrated = await migrateDatabase(to);
  log(`target ${describeDatabase(to)}: ${migrated.length > 0 ? `migrated (${migrated.join(", ")})` : "schema up to date"}`);

  const source = from.kind === "sqlite" ? sqliteSource(from.path) : await pgSource(from.url);
  let target: CopyTarget | undefined;
  try {
    target = to.kind === "sqlite" ? sqliteTarget(to.path) : await pgTarget(to.url);
    const occupied = await target.firstNonEmptyTable(tables);
    if (occupied) throw new CopyDbError(`the target ${describeDatabase(to)} is not empty (table ${occupied} has rows): copy-db only copies into an empty database`);

    const started = performance.now();
    await source.begin();
    const sourceCounts = new Map<string, number>();
    for (const table of tables) sourceCounts.set(table.name, await source.count(table));
    await target.begin();
    let rows = 0;
    let searchIndex: string;
    let maintainedCounts: string;
    try {
      for (const table of tables) {
        const tableStarted = performance.now();
        const copied = await copyTable(source, target, table, batchRows);
        rows += copied;
        if (copied > 0) log(`  ${table.name}: ${copied} rows (${Math.round(copied / Math.max((performance.now() - tableStarted) / 1000, 1e-3))} rows/s)`);
      }
      searchIndex = await target.rebuildSearchIndex();
      maintainedCounts = await target.restoreMaintainedCounts();
      await target.commit();
    } catch (e) {
      await target.rollback();
      throw e;
    } finally {
      await source.end();
    }
    const seconds = (performance.now() - started) / 1000;
    log(searchIndex);
    log(maintainedCounts);

    const counts: TableCount[] = [];
    for (const table of tables) counts.push({ table: table.name, source: sourceCounts.get(table.name) ?? 0, target: await target.count(table) });
    const wrong = counts.filter((c) => c.source !== c.target);
    if (wrong.length > 0) {
      throw new CopyDbError(`row counts differ after the copy: ${wrong.map((c) => `${c.table} ${c.source} in the source, ${c.target} in the target`).join("; ")}`);
    }
    return { tables: counts, rows, seconds, migrated, searchIndex };
  } finally {
    await target?.close();
    await source.close();
  }
}
