/**
 * The SQLite implementation of Database (server/db/database.ts): one writer connection, one
 * read-only reader connection, both on the same WAL file.
 *
 * A write transaction holds an async mutex from `BEGIN IMMEDIATE` to `COMMIT`/`ROLLBACK`, so while
 * it awaits (another query, a plugin, a password hash) no other request's statement can run on the
 * writer and land inside it; later writers queue on the mutex, in order. Reads outside a transaction
 * run on the reader: a WAL reader sees the last commit, never the open transaction's rows, and a
 * write attempted on it fails (SQLITE_READONLY), so nothing writes around the mutex. Other threads
 * and processes (plugin workers) keep their own connections; SQLite's write lock, taken up front by
 * `BEGIN IMMEDIATE` and waited for through `busy_timeout`, orders them against this writer.
 * Nested writes and transaction handles: server/db/transactions.ts.
 */
import type { Database as Connection } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import type { Durability } from "../core/config.ts";
import { BUSY_TIMEOUT_MS, openConnection, trackConnection } from "./client.ts";
import type { Database, Queries, ReadQueries, Tx } from "./database.ts";
import { Mutex } from "./mutex.ts";
import * as schema from "./schema/index.ts";
import { TransactionScopes, type TxConnection } from "./transactions.ts";

class SqliteDatabase implements Database {
  readonly dialect = "sqlite" as const;
  private readonly mutex = new Mutex();
  private readonly scopes = new TransactionScopes<Queries>(this, "sqlite");
  private readonly conn: TxConnection<Queries>;
  private readonly readerQueries: ReadQueries;

  constructor(
    private readonly writer: Connection,
    private readonly reader: Connection,
    private readonly untrack: () => void,
  ) {
    this.conn = { queries: drizzle(writer, { schema }), exec: (statement) => void writer.run(statement) };
    this.readerQueries = drizzle(reader, { schema });
  }

  get q(): ReadQueries {
    // Inside one of this database's transactions (same async context), reads join it.
    return this.scopes.joinedQueries() ?? this.readerQueries;
  }

  get writing(): boolean {
    return this.mutex.isHeld;
  }

  write<T>(fn: (tx: Tx) => Promise<T> | T): Promise<T> {
    return this.scopes.joinNested(fn) ?? this.transaction(fn);
  }

  private async transaction<T>(fn: (tx: Tx) => Promise<T> | T): Promise<T> {
    const waiting = this.mutex.acquire();
    if (waiting) await waiting;
    try {
      return await this.scopes.run(this.conn, "BEGIN IMMEDIATE", fn, () => this.writer.inTransaction);
    } finally {
      this.mutex.release();
    }
  }

  close(): void {
    this.untrack();
    this.reader.close();
    this.writer.close();
  }
}

/**
 * The async database over the SQLite file at `path`, which openDatabase (server/db/client.ts) has
 * created and migrated. `:memory:` cannot be shared between connections: callers use a file.
 */
export function openSqliteDatabase(path: string, opts: { durability?: Durability } = {}): Database {
  if (path === ":memory:") throw new Error("the async SQLite database needs a file: an in-memory database is private to one connection");
  const writer = openConnection(path, { durability: opts.durability });
  const reader = openConnection(path, { readonly: true });
  const untrackWriter = trackConnection(writer);
  const untrackReader = trackConnection(reader);
  return new SqliteDatabase(
    writer,
    reader,
    () => {
      untrackWriter();
      untrackReader();
    },
  );
}
