/**
 * The async database on PostgreSQL (server/db/pg/pg-database.ts), on a real throwaway cluster,
 * against the same guarantees as on SQLite (tests/database-transactions.test.ts): another
 * transaction's write is never swept into an open one, reads outside never see its rows, a failing
 * transaction rolls back everything and a failing nested write only its part, and concurrent
 * read-modify-write stock adjustments (locking their row) give exact totals and complete tracking.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { eq } from "drizzle-orm";
import type { Database } from "../server/db/database.ts";
import { migratePg, openPgDatabase } from "../server/db/pg/client.ts";
import { openPgAsyncDatabase, type PgQueries, type PgReadQueries } from "../server/db/pg/pg-database.ts";
import { pgTables } from "../server/db/pg/schema.ts";
import { TRACKING } from "../server/db/schema/stock.ts";
import { describeWithPostgres } from "./support/postgres.ts";

const { users, parts, stockItems, stockTracking } = pgTables;

describeWithPostgres("the async database on PostgreSQL", (pg) => {
  let database: Database<PgReadQueries, PgQueries>;
  beforeAll(async () => {
    const opened = openPgDatabase(pg.url, { max: 1 });
    await migratePg(opened);
    await opened.close();
    database = openPgAsyncDatabase(new SQL({ url: pg.url, max: 8 }));
  });
  afterAll(() => database?.close());

  const newUser = (username: string) => ({ username, password_hash: "x", role: "readonly" as const });
  const userNamed = async (username: string) => (await database.q.select().from(users).where(eq(users.username, username)))[0];

  test("(a)(b) a concurrent write is not rolled back with an open transaction, and reads outside never see the open one's rows", async () => {
    const midway = Promise.withResolvers<void>();
    const started = Promise.withResolvers<void>();
    const failing = database.write(async (tx) => {
      await tx.q.insert(users).values(newUser("pg-uncommitted"));
      started.resolve();
      await midway.promise;
      throw new Error("rolled back on purpose");
    });
    await started.promise;
    await database.write((tx) => tx.q.insert(users).values(newUser("pg-committed")));
    expect(await userNamed("pg-uncommitted")).toBeUndefined();
    expect(database.writing).toBe(true);
    midway.resolve();
    await expect(failing).rejects.toThrow("rolled back on purpose");
    expect(await userNamed("pg-committed")).toBeDefined();
    expect(await userNamed("pg-uncommitted")).toBeUndefined();
    expect(database.writing).toBe(false);
  });

  test("(c) a failing transaction leaves nothing; a nested write joins as a savepoint and its caught failure undoes only its part", async () => {
    await expect(
      database.write(async (tx) => {
        await tx.q.insert(users).values(newUser("pg-half"));
        await tx.q.insert(users).values(newUser("pg-half"));
      }),
    ).rejects.toThrow();
    expect(await userNamed("pg-half")).toBeUndefined();

    const seen = await database.write(async (tx) => {
      await tx.q.insert(users).values(newUser("pg-outer"));
      await database.write(async (inner) => {
        await inner.q.insert(users).values(newUser("pg-inner"));
        throw new Error("inner fails");
      }).catch(() => {});
      await tx.write((inner) => inner.q.insert(users).values(newUser("pg-inner-ok")));
      // Reads through the outer database inside the transaction see its own rows.
      return userNamed("pg-outer");
    });
    expect(seen?.username).toBe("pg-outer");
    expect(await userNamed("pg-outer")).toBeDefined();
    expect(await userNamed("pg-inner")).toBeUndefined();
    expect(await userNamed("pg-inner-ok")).toBeDefined();
  });

  test("(d) 100 concurrent read-modify-write adjustments locking their row: exact total, one tracking entry each", async () => {
    const [part] = await database.write((tx) => tx.q.insert(parts).values({ name: "pg-part" }).returning({ id: parts.id }));
    const [item] = await database.write((tx) => tx.q.insert(stockItems).values({ part: part.id, quantity: 1000 }).returning({ id: stockItems.id }));
    // All additions: whatever order the row lock gives them, each leaves a new quantity behind.
    const deltas = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 2 : 5));
    await Promise.all(
      deltas.map((delta) =>
        database.write(async (tx) => {
          const [row] = await tx.q.select({ quantity: stockItems.quantity }).from(stockItems).where(eq(stockItems.id, item.id)).for("update");
          await new Promise((resolve) => setImmediate(resolve));
          const quantity = (row?.quantity ?? 0) + delta;
          await tx.q.update(stockItems).set({ quantity }).where(eq(stockItems.id, item.id));
          await tx.q.insert(stockTracking).values({ item: item.id, tracking_type: TRACKING.STOCK_ADD, user: null, notes: "", deltas: { quantity } });
        }),
      ),
    );
    const [row] = await database.q.select({ quantity: stockItems.quantity }).from(stockItems).where(eq(stockItems.id, item.id));
    expect(row?.quantity).toBe(1000 + deltas.reduce((a, b) => a + b, 0));
    const tracking = await database.q.select({ deltas: stockTracking.deltas }).from(stockTracking).where(eq(stockTracking.item, item.id));
    expect(tracking).toHaveLength(100);
    expect(new Set(tracking.map((t) => (t.deltas as { quantity: number }).quantity)).size).toBe(100);
  }, 60_000);
});
