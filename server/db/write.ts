/**
 * The one way to write several statements at once. Every write transaction, on every connection
 * (the request thread, plugin worker threads, plugin child processes), takes SQLite's write lock up
 * front (`BEGIN IMMEDIATE`), so a busy database is waited for through `busy_timeout`. A deferred
 * transaction (drizzle's and bun:sqlite's default) reads first and fails with SQLITE_BUSY(_SNAPSHOT)
 * when it upgrades to a writer after another connection committed: the 500 "database is locked" of
 * issue 10. tests/write-transactions.test.ts keeps every `.transaction(` in server/ going through here.
 */
import type { Database } from "bun:sqlite";
import type { DbOrTx, Tx } from "./client.ts";
import { asyncWriteOpen } from "./sqlite-database.ts";
import { isLegacy } from "./transition.ts";

let legacySavepoints = 0;

/** `writeTransaction` on a `legacy(tx)` handle: a savepoint of the async transaction it came from. */
function legacySavepoint<T>(db: DbOrTx, fn: (tx: Tx) => T): T {
  const client = (db as unknown as { $client: Database }).$client;
  const name = `legacy_sp_${++legacySavepoints}`;
  client.run(`SAVEPOINT ${name}`);
  try {
    const result = fn(db as Tx);
    client.run(`RELEASE ${name}`);
    return result;
  } catch (error) {
    client.run(`ROLLBACK TO ${name}`);
    client.run(`RELEASE ${name}`);
    throw error;
  }
}

/**
 * While the async database (server/db/sqlite-database.ts) has a transaction open on the same file
 * in this thread, a synchronous writer could only wait for it by blocking the thread that must
 * finish it: it is refused at once as busy (503 + Retry-After), not after `busy_timeout`. Only
 * while services are being converted (docs/data-layer.md) do both kinds of writers exist.
 */
function refuseDuringAsyncWrite(db: DbOrTx): void {
  const file = (db as { $client?: { filename?: string } }).$client?.filename;
  if (file && asyncWriteOpen(file)) {
    throw Object.assign(new Error("the database is busy with an open write transaction"), { code: "SQLITE_BUSY" });
  }
}

/**
 * Runs `fn` in one write transaction holding the write lock from its first statement. Inside a
 * transaction already (a `Tx` passed down) it nests as a savepoint of that transaction.
 */
export function writeTransaction<T>(db: DbOrTx, fn: (tx: Tx) => T): T {
  if (isLegacy(db)) return legacySavepoint(db, fn);
  refuseDuringAsyncWrite(db);
  return db.transaction(fn, { behavior: "immediate" });
}

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
