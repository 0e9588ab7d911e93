/**
 * Row triggers written once and installed on either backend (issue 12). Modules describe what must
 * happen in the database whenever a row goes, however it goes (a service, a foreign-key cascade, a
 * plugin): attachments and parameters of a deleted object, the files of a replaced image. Generated
 * migrations carry no triggers, so they are (re-)installed at every start, in one transaction; on
 * PostgreSQL under an advisory lock, since several processes may start at once.
 *
 * A trigger's condition and body are SQL over `OLD`/`NEW` that both dialects read alike; where they
 * differ the body is given per dialect.
 */
import type { Database as SqliteConnection } from "bun:sqlite";
import type { SQL } from "bun";
import type { Dialect } from "./database.ts";

export interface RowTrigger {
  /** Unique among all triggers; PostgreSQL's trigger function is `bv_trigger_<name>`. */
  name: string;
  table: string;
  /** After a row is deleted, or after one of its columns is updated. */
  on: "delete" | { updateOf: string };
  /** An SQL condition on OLD/NEW: the body runs only for rows where it holds. */
  when?: string;
  /** The statements to run per row (separated by `;`). */
  body: (dialect: Dialect) => string;
}

const event = (t: RowTrigger) => (t.on === "delete" ? "DELETE" : `UPDATE OF "${t.on.updateOf}"`);

/** SQLite's statements installing `t` (dropping an older definition first). */
function sqliteTriggerSql(t: RowTrigger): string[] {
  const when = t.when ? ` WHEN ${t.when}` : "";
  return [`DROP TRIGGER IF EXISTS ${t.name}`, `CREATE TRIGGER ${t.name} AFTER ${event(t)} ON "${t.table}"${when} BEGIN ${t.body("sqlite")}; END`];
}

/** PostgreSQL's statements installing `t`: a PL/pgSQL function and the row trigger calling it. */
function pgTriggerSql(t: RowTrigger): string[] {
  const fn = `bv_trigger_${t.name}`;
  const when = t.when ? ` WHEN (${t.when})` : "";
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN ${t.body("postgres")}; RETURN NULL; END $fn$`,
    `DROP TRIGGER IF EXISTS ${t.name} ON "${t.table}"`,
    `CREATE TRIGGER ${t.name} AFTER ${event(t)} ON "${t.table}" FOR EACH ROW${when} EXECUTE FUNCTION ${fn}()`,
  ];
}

/** Installs `triggers` on a SQLite connection, in one transaction. */
export function installSqliteTriggers(sqlite: SqliteConnection, triggers: readonly RowTrigger[]): void {
  sqlite.transaction(() => {
    for (const t of triggers) for (const stmt of sqliteTriggerSql(t)) sqlite.run(stmt);
  }).immediate();
}

/** An arbitrary constant naming the trigger installation's advisory lock. */
const TRIGGER_LOCK = 0x6276_7472;

/** Installs `triggers` on PostgreSQL, in one transaction under an advisory lock (processes starting together queue). */
export async function installPgTriggers(sql: SQL, triggers: readonly RowTrigger[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${TRIGGER_LOCK})`;
    for (const t of triggers) for (const stmt of pgTriggerSql(t)) await tx.unsafe(stmt);
  });
}
