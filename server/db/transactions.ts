/**
 * What every Database implementation (server/db/database.ts) shares: which transaction the calling
 * code is in, nested writes as savepoints, and transaction handles that refuse use once their
 * transaction is over. The implementations bring the connection: SQLite its one writer behind a
 * mutex (sqlite-database.ts), PostgreSQL a connection reserved from its pool (pg/pg-database.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Dialect, Tx } from "./database.ts";

/** The connection one write transaction runs on. `exec` runs a statement without results. */
export interface TxConnection<W> {
  queries: W;
  exec(statement: string): unknown;
}

/** One open transaction: its connection, its handle, and whether it is still open. */
interface Scope {
  owner: object;
  open: boolean;
  /** Set once `fn` has settled: the handle and nested writes refuse new statements from then on. */
  ending: boolean;
  /** Nested writes still running (one `fn` did not await): the transaction ends after them. */
  running: Set<Promise<unknown>>;
  conn: TxConnection<unknown>;
  tx: Tx<unknown>;
  savepoints: number;
}

/** The async context of code running inside a transaction: its scope, and whether a nested write is running in it. */
interface Frame {
  scope: Scope;
  nestedOpen: boolean;
}

const frames = new AsyncLocalStorage<Frame>();

const overError = () => new Error("this transaction is over: a query through its handle ran after it committed or rolled back");

/** The scope's connection for a new statement: refused once its transaction is ending or over. */
function connOf<W>(scope: Scope): TxConnection<W> {
  if (!scope.open || scope.ending) throw overError();
  return scope.conn as TxConnection<W>;
}

/** The transactions of one database (`owner`): one instance per Database. */
export class TransactionScopes<W> {
  constructor(
    private readonly owner: object,
    private readonly dialect: Dialect,
  ) {}

  /** The frame of this database's transaction the calling code runs in, if any. */
  private frame(): Frame | undefined {
    const frame = frames.getStore();
    return frame?.scope.owner === this.owner && frame.scope.open ? frame : undefined;
  }

  /** The query builder of the transaction the calling code runs in, if any. */
  joinedQueries(): W | undefined {
    const frame = this.frame();
    return frame ? connOf<W>(frame.scope).queries : undefined;
  }

  /** `write` inside an open transaction of this database in the calling context: a savepoint of it; else undefined. */
  joinNested<T>(fn: (tx: Tx<W>) => Promise<T> | T): Promise<T> | undefined {
    const frame = this.frame();
    return frame ? this.nested(frame, fn) : undefined;
  }

  /**
   * Runs `fn` as a new transaction on `conn`, which the caller owns for its duration: `begin`,
   * then COMMIT, or ROLLBACK on a throw (also when COMMIT fails). A nested write `fn` started but
   * did not await (a `Promise.all` that rejected on its sibling) is waited for first, its new
   * statements refused: otherwise its next statement could follow the ROLLBACK or COMMIT and run
   * outside any transaction, on a connection by then the next transaction's.
   */
  async run<T>(conn: TxConnection<W>, begin: string, fn: (tx: Tx<W>) => Promise<T> | T, inTransaction: () => boolean): Promise<T> {
    await conn.exec(begin);
    const scope = this.scope(conn);
    try {
      const result = await this.settled(scope, frames.run({ scope, nestedOpen: false }, () => fn(scope.tx as Tx<W>)));
      await conn.exec("COMMIT");
      return result;
    } catch (e) {
      if (inTransaction()) {
        try {
          await conn.exec("ROLLBACK");
        } catch (rollbackFailure) {
          // Both are news: the reason the transaction failed, and that the connection may be broken.
          throw new AggregateError([e, rollbackFailure], "a write transaction failed, and so did its ROLLBACK", { cause: e });
        }
      }
      throw e;
    } finally {
      scope.open = false;
    }
  }

  /** `fn`'s outcome, once it and every nested write it left running have settled; the scope then refuses new statements. */
  private async settled<T>(scope: Scope, outcome: Promise<T> | T): Promise<T> {
    try {
      return await outcome;
    } finally {
      scope.ending = true;
      while (scope.running.size > 0) await Promise.allSettled([...scope.running]);
    }
  }

  private nested<T>(frame: Frame, fn: (tx: Tx<W>) => Promise<T> | T): Promise<T> {
    const running = this.nestedOnce(frame, fn);
    const { scope } = frame;
    scope.running.add(running);
    const done = () => scope.running.delete(running);
    running.then(done, done);
    return running;
  }

  private async nestedOnce<T>(frame: Frame, fn: (tx: Tx<W>) => Promise<T> | T): Promise<T> {
    if (frame.nestedOpen) throw new Error("two writes started at once inside one transaction: await each before starting the next");
    frame.nestedOpen = true;
    const { scope } = frame;
    const name = `bv_sp${++scope.savepoints}`;
    try {
      await connOf<W>(scope).exec(`SAVEPOINT ${name}`);
      try {
        const result = await frames.run({ scope, nestedOpen: false }, () => fn(scope.tx as Tx<W>));
        await scope.conn.exec(`RELEASE ${name}`);
        return result;
      } catch (e) {
        await scope.conn.exec(`ROLLBACK TO ${name}`);
        await scope.conn.exec(`RELEASE ${name}`);
        throw e;
      }
    } finally {
      frame.nestedOpen = false;
    }
  }

  /** A new transaction's scope; its `tx` refuses use once the transaction is over. */
  private scope(conn: TxConnection<W>): Scope {
    const scopes = this;
    const scope: Scope = {
      owner: this.owner,
      open: true,
      ending: false,
      running: new Set(),
      conn,
      savepoints: 0,
      tx: {
        dialect: this.dialect,
        get q() {
          return connOf<W>(scope).queries;
        },
        write: (fn) => {
          const frame = frames.getStore();
          if (!scope.open || frame?.scope !== scope) throw new Error("a write through a transaction's handle outside that transaction");
          return scopes.nested(frame, fn as (tx: Tx<W>) => unknown);
        },
      } as Tx<unknown>,
    };
    return scope;
  }
}
