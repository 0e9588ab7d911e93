/**
 * The one database interface services receive (issue 12; docs/data-layer.md). It hides which
 * backend and which connection a query runs on:
 *
 * - `db.q` is drizzle's query builder. Outside a transaction it runs on a reader connection and
 *   offers reads only (its type has no insert/update/delete, and on SQLite the connection itself is
 *   read-only); inside `write` it is the transaction's connection with every method.
 * - `db.write(fn)` runs `fn` in one write transaction and resolves with its result once committed;
 *   a throw rolls everything back. Transactions never interleave: on SQLite one writer connection
 *   is held by one transaction at a time from `BEGIN IMMEDIATE` to `COMMIT`, across every `await`.
 * - Nested writes join: `write` called while a transaction of the same database is open in the
 *   calling async context (a service calling another inside `write`, through `tx` or through the
 *   outer `db`) runs as a SAVEPOINT of it, so a caught failure of the inner part undoes only that
 *   part, as drizzle's nested transactions did. Reads through the outer `db` inside `write` also
 *   run in the transaction (they see its own uncommitted rows). Two writes started at once inside
 *   one transaction (`Promise.all`) are refused: savepoints are a stack.
 *
 * Implementations: SQLite (sqlite-database.ts, what the server runs) and PostgreSQL
 * (pg/pg-database.ts); what they share is in transactions.ts.
 *
 * Every query is awaited: `await db.q.select()…` gives rows, `.limit(1)` and `[0]` one row,
 * `.returning()` the written rows; this works alike on drizzle's SQLite and PostgreSQL builders.
 */
import type { Db } from "./client.ts";

export type Dialect = "sqlite" | "postgres";

/** drizzle's full query builder over the schema (inside a write transaction). */
export type Queries = Db;
/** The read half of the query builder: all a connection outside a transaction offers. */
export type ReadQueries = Pick<Queries, "select" | "selectDistinct" | "$count" | "query" | "$with">;

/**
 * What a service that only reads receives: the root database or an open transaction. The type
 * parameters are the query builders: the SQLite ones the services are written against, by default.
 */
export interface Reads<R = ReadQueries> {
  readonly dialect: Dialect;
  readonly q: R;
}

/** What a service that writes receives: the root database or an open transaction. */
export interface Writes<R = ReadQueries, W = Queries> extends Reads<R> {
  /** Runs `fn` in one write transaction (or a savepoint of the open one) and resolves once committed. */
  write<T>(fn: (tx: Tx<W>) => Promise<T> | T): Promise<T>;
}

/** An open write transaction: every query method, on the transaction's connection. */
export interface Tx<W = Queries> extends Writes<W, W> {
  readonly q: W;
}

/** The root database, as services receive it from AppContext. */
export interface Database<R = ReadQueries, W = Queries> extends Writes<R, W> {
  /** True while the writer is taken: a write transaction is open or queued, or a turn is reserved. */
  readonly writing: boolean;
  /**
   * PostgreSQL only: calls `onPayload` for each `NOTIFY` on `channel` (delivered at the notifying
   * transaction's commit) until the returned function is called. Absent on SQLite.
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): void | Promise<void>;
}

// AppContext (core/context.ts) names its `database` through this, so core never imports db/.
declare module "../core/context.ts" {
  interface DatabaseTypes {
    database: Database;
  }
}
