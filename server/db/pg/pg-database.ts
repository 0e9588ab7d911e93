/**
 * The PostgreSQL implementation of Database (server/db/database.ts) over Bun's SQL pool: reads
 * outside a transaction on the pool; `write` reserves one connection for `BEGIN … COMMIT`, so a
 * transaction's statements never share a connection with anyone else's. Transactions run
 * concurrently (PostgreSQL orders them by its row locks); a read-modify-write locks what it
 * changes (`SELECT … FOR UPDATE`) so concurrent ones never lose an update. Nested writes join as
 * savepoints, as on SQLite (server/db/transactions.ts). The services are not on it yet: they are
 * typed over the SQLite builder and tables (docs/data-layer.md, "The steps left").
 */
import type { SQL } from "bun";
import { drizzle } from "drizzle-orm/bun-sql";
import { pgSqlState } from "../../core/unavailable.ts";
import type { Database, Tx } from "../database.ts";
import { TransactionScopes } from "../transactions.ts";
import { pgTables } from "./schema.ts";

/** drizzle's PostgreSQL query builder over the derived tables. */
export type PgQueries = ReturnType<typeof drizzle<typeof pgTables>>;
/** Its read half, as `q` offers outside a transaction. */
export type PgReadQueries = Pick<PgQueries, "select" | "selectDistinct" | "$count" | "query" | "$with">;

/** How many times a transaction is tried when PostgreSQL aborts it as a deadlock or serialization failure. */
const RETRIES = 8;

/** deadlock_detected, serialization_failure. */
const retryable = (e: unknown) => {
  const state = pgSqlState(e);
  return state === "40P01" || state === "40001";
};

class PgDatabase implements Database<PgReadQueries, PgQueries> {
  readonly dialect = "postgres" as const;
  private readonly scopes = new TransactionScopes<PgQueries>(this, "postgres");
  private readonly pool: PgQueries;
  private openTransactions = 0;

  constructor(private readonly sql: SQL) {
    this.pool = drizzle({ client: sql, schema: pgTables });
  }

  get q(): PgReadQueries {
    return this.scopes.joinedQueries() ?? this.pool;
  }

  get writing(): boolean {
    return this.openTransactions > 0;
  }

  write<T>(fn: (tx: Tx<PgQueries>) => Promise<T> | T): Promise<T> {
    return this.scopes.joinNested(fn) ?? this.transaction(fn);
  }

  /**
   * One transaction, run again (from the start, on a fresh transaction) when PostgreSQL aborted it
   * as a deadlock victim or a serialization failure: concurrent stock moves lock item rows and then
   * the maintained counts' rows (docs/data-layer.md), and two of them can meet in opposite orders.
   * PostgreSQL rolls the victim back whole, so running it again is safe; a few tries with a short
   * random pause, then the error stands.
   */
  private async transaction<T>(fn: (tx: Tx<PgQueries>) => Promise<T> | T): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactionOnce(fn);
      } catch (e) {
        if (attempt >= RETRIES || !retryable(e)) throw e;
        await Bun.sleep(Math.random() * 10 * attempt);
      }
    }
  }

  private async transactionOnce<T>(fn: (tx: Tx<PgQueries>) => Promise<T> | T): Promise<T> {
    const conn = await this.sql.reserve();
    this.openTransactions++;
    let open = false;
    try {
      const queries = drizzle({ client: conn, schema: pgTables });
      const exec = async (statement: string) => {
        await conn.unsafe(statement);
        if (statement === "BEGIN") open = true;
        else if (statement === "COMMIT" || statement === "ROLLBACK") open = false;
      };
      return await this.scopes.run({ queries, exec }, "BEGIN", fn, () => open);
    } finally {
      this.openTransactions--;
      conn.release();
    }
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const subscription = await this.sql.listen(channel, onPayload);
    return () => subscription.unlisten();
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}

/** The async database over a PostgreSQL pool (migrated beforehand: `migratePg`, server/db/pg/client.ts). */
export function openPgAsyncDatabase(sql: SQL): Database<PgReadQueries, PgQueries> {
  return new PgDatabase(sql);
}
