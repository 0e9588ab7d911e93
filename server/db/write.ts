/**
 * Transactions held by hand on a raw SQLite connection, for copy-db (a command run with the server
 * stopped). Every other write goes through the async database's writer (sqlite-database.ts), which
 * takes SQLite's write lock up front (`BEGIN IMMEDIATE`) as these do: a deferred transaction reads
 * first and fails with SQLITE_BUSY(_SNAPSHOT) when it upgrades to a writer after another connection
 * committed (the 500 "database is locked" of issue 10). tests/write-transactions.test.ts keeps it so.
 */
import type { Database } from "bun:sqlite";

/**
 * A transaction held open across awaits, for a connection nothing else uses (copy-db's target, whose
 * rows arrive from another database): `BEGIN IMMEDIATE` like every write here; the caller commits
 * with `COMMIT` or rolls back.
 */
export function beginHeldWrite(sqlite: Database): void {
  sqlite.exec("BEGIN IMMEDIATE");
}

/**
 * A read-only snapshot held open across awaits (copy-db's source): a deferred transaction whose
 * first read fixes what every later read sees, however the server writes meanwhile (WAL). It never
 * writes, so it cannot fail upgrading to a writer. The caller ends it with `COMMIT`.
 */
export function beginReadSnapshot(sqlite: Database): void {
  sqlite.exec("BEGIN");
  sqlite.query("SELECT count(*) FROM sqlite_master").get();
}
