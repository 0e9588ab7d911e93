/**
 * The async database (server/db/database.ts, SQLite: server/db/sqlite-database.ts) under
 * concurrency, on a real database file, through the HTTP API where a converted route exists
 * (the user module) and through AppContext's `database` otherwise:
 * (a) a transaction that awaits midway is never entered by another request's write,
 * (b) reads outside it never see its uncommitted rows,
 * (c) a failing transaction rolls back everything (and a failing nested write only its own part),
 * (d) many concurrent read-modify-write stock adjustments give exact totals and complete tracking.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { count, eq, sql } from "drizzle-orm";
import { forUpdate, rawRows, sqlFor } from "../server/db/dialect.ts";
import { TRACKING } from "../server/db/schema/stock.ts";
import { stockItems, stockTracking, users } from "../server/db/tables.ts";
import { makeTestApp, postgresOnly, sqliteOnly, type TestApp } from "./support/app.ts";
import { makePart, makeStockItem } from "./support/factory.ts";

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const newUser = (username: string) => ({ username, password: `${username}-password-1`, role: "readonly" });
const userNamed = async (username: string) => (await t.services.database.q.select().from(users).where(eq(users.username, username)))[0];

/**
 * A write transaction that has inserted the user "uncommitted" and waits, open, until the test
 * resolves `midway`; then it throws, so `failing` rejects and the row is rolled back.
 */
async function openFailingTransaction(): Promise<{ midway: PromiseWithResolvers<void>; failing: Promise<unknown> }> {
  const midway = Promise.withResolvers<void>();
  const inside = Promise.withResolvers<void>();
  const failing = t.services.database.write(async (tx) => {
    await tx.q.insert(users).values({ username: "uncommitted", password_hash: "x", role: "readonly" });
    inside.resolve();
    await midway.promise;
    throw new Error("rolled back on purpose");
  });
  await inside.promise;
  return { midway, failing };
}

describe("one writer at a time, across awaits", () => {
  // SQLite's one writer: a second write queues behind the open transaction. PostgreSQL runs
  // transactions concurrently (its counterpart follows).
  sqliteOnly("(a)(b) a request's write waits for an open transaction, is not rolled back with it, and reads never see the open transaction's rows", async () => {
    const { database } = t.services;
    const { midway, failing } = await openFailingTransaction();

    // Another request writes while the transaction waits midway: it must queue behind it.
    let renamed: { status: number } | null = null;
    const renaming = t.call("PATCH", `/api/user/${t.users.readonly}/`, { first_name: "committed" }).then((r) => (renamed = r));

    // Reads outside the transaction (HTTP and the interface) answer at once, without its row.
    for (let i = 0; i < 5; i++) {
      const list = await t.call("GET", "/api/user/?limit=10&search=uncommitted");
      expect(list.status).toBe(200);
      expect(list.body.count).toBe(0);
      expect(await userNamed("uncommitted")).toBeUndefined();
    }
    // Five requests later the write has long reached the writer, and still waits.
    expect(renamed).toBeNull();
    expect(database.writing).toBe(true);

    midway.resolve();
    await expect(failing).rejects.toThrow("rolled back on purpose");
    expect((await renaming).status).toBe(200);
    // Had the request's update run inside the open transaction, the rollback would have taken it too.
    expect((await userNamed("reader"))?.first_name).toBe("committed");
    expect(await userNamed("uncommitted")).toBeUndefined();
    expect(database.writing).toBe(false);
  });

  postgresOnly("(a)(b) PostgreSQL: a request's write runs beside an open transaction, is not rolled back with it, and reads never see the open transaction's rows", async () => {
    const { database } = t.services;
    const { midway, failing } = await openFailingTransaction();
    try {
      // Another request's write on other rows commits while the transaction waits midway.
      const renamed = await t.call("PATCH", `/api/user/${t.users.readonly}/`, { first_name: "committed" });
      expect(renamed.status).toBe(200);
      expect(database.writing).toBe(true);
      for (let i = 0; i < 5; i++) {
        const list = await t.call("GET", "/api/user/?limit=10&search=uncommitted");
        expect(list.status).toBe(200);
        expect(list.body.count).toBe(0);
        expect(await userNamed("uncommitted")).toBeUndefined();
      }
      expect((await userNamed("reader"))?.first_name).toBe("committed");
    } finally {
      midway.resolve();
    }
    await expect(failing).rejects.toThrow("rolled back on purpose");
    expect((await userNamed("reader"))?.first_name).toBe("committed");
    expect(await userNamed("uncommitted")).toBeUndefined();
    expect(database.writing).toBe(false);
  });

  test("(a) eight concurrent requests for one new username: one 201, seven 400s naming username, no 5xx", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.call("POST", "/api/user/", newUser("twin"))));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 400, 400, 400, 400, 400, 400, 400]);
    for (const r of answers.filter((r) => r.status === 400)) expect(r.body.username).toEqual(["A user with that username already exists."]);
    const [row] = await t.services.database.q.select({ n: count() }).from(users).where(eq(users.username, "twin"));
    expect(row?.n).toBe(1);
  });

  test("inside a transaction, reads through the outer database see its own rows; a leaked handle is refused afterwards", async () => {
    const { database } = t.services;
    let leaked: Parameters<Parameters<typeof database.write>[0]>[0] | null = null;
    const seen = await database.write(async (tx) => {
      leaked = tx;
      await tx.q.insert(users).values({ username: "own-row", password_hash: "x", role: "readonly" });
      return userNamed("own-row");
    });
    expect(seen?.username).toBe("own-row");
    expect(() => (leaked as unknown as { q: unknown }).q).toThrow("this transaction is over");
  });

  test("outside a transaction the connection is read-only: a write that bypasses `write` fails", async () => {
    const q = t.services.database.q as unknown as { insert: typeof t.services.db.insert };
    await expect(Promise.resolve().then(() => q.insert(users).values({ username: "sneaky", password_hash: "x", role: "readonly" }).run())).rejects.toThrow(/readonly/i);
    expect(await userNamed("sneaky")).toBeUndefined();
  });
});

describe("writes of different modules interleaved", () => {
  test("300 metadata PATCHes interleaved with 300 stock adds on one item: every one succeeds, none refused as busy, exact totals", async () => {
    const part = await makePart(t.services.database);
    const item = await makeStockItem(t.services.database, { part, quantity: 10 });
    const calls: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 300; i++) {
      calls.push(t.call("PATCH", `/api/metadata/stockitem/${item}/`, { metadata: { [`k${i}`]: i } }, "staff"));
      calls.push(t.call("POST", "/api/stock/add/", { items: [{ pk: item, quantity: 1 }] }, "staff"));
    }
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(310);
    expect(Object.keys((await t.call("GET", `/api/metadata/stockitem/${item}/`)).body.metadata)).toHaveLength(300);
  });
});

describe("(c) rollback", () => {
  test("a transaction that fails after several writes leaves nothing behind", async () => {
    const { database } = t.services;
    const part = await makePart(t.services.database);
    const item = await makeStockItem(t.services.database, { part, quantity: 10 });
    await expect(
      database.write(async (tx) => {
        await tx.q.update(stockItems).set({ quantity: 99 }).where(eq(stockItems.id, item));
        await tx.q.insert(stockTracking).values({ item, tracking_type: TRACKING.STOCK_COUNT, user: null, notes: "", deltas: { quantity: 99 } });
        await tx.q.insert(users).values({ username: "half-done", password_hash: "x", role: "readonly" });
        // A constraint failure midway: the same username again.
        await tx.q.insert(users).values({ username: "half-done", password_hash: "x", role: "readonly" });
      }),
    ).rejects.toThrow();
    const stock = await t.call("GET", `/api/stock/${item}/`);
    expect(stock.body.quantity).toBe(10);
    expect((await t.call("GET", `/api/stock/track/?item=${item}`)).body).toHaveLength(0);
    expect(await userNamed("half-done")).toBeUndefined();
    // The writer is free again: the next request writes.
    expect((await t.call("POST", "/api/user/", newUser("after-rollback"))).status).toBe(201);
  });

  test("a nested write joins as a savepoint: its caught failure undoes only its own part", async () => {
    const { database } = t.services;
    await database.write(async (tx) => {
      await tx.q.insert(users).values({ username: "outer", password_hash: "x", role: "readonly" });
      // Through the outer database, as a service handed `ctx.database` would: it joins, no deadlock.
      await database
        .write(async (inner) => {
          await inner.q.insert(users).values({ username: "inner", password_hash: "x", role: "readonly" });
          throw new Error("inner fails");
        })
        .catch(() => {});
      await tx.write((inner) => inner.q.insert(users).values({ username: "inner-ok", password_hash: "x", role: "readonly" }));
    });
    expect(await userNamed("outer")).toBeDefined();
    expect(await userNamed("inner")).toBeUndefined();
    expect(await userNamed("inner-ok")).toBeDefined();
  });

  test("two writes started at once inside one transaction are refused, and the transaction rolls back", async () => {
    const { database } = t.services;
    const attempt = database.write(async (tx) => {
      await Promise.all([
        tx.write((a) => a.q.insert(users).values({ username: "p1", password_hash: "x", role: "readonly" })),
        tx.write((b) => b.q.insert(users).values({ username: "p2", password_hash: "x", role: "readonly" })),
      ]);
    });
    await expect(attempt).rejects.toThrow("two writes started at once");
    expect(await userNamed("p1")).toBeUndefined();
  });
  test("a nested write left running when its transaction fails is rolled back with it, never committed on its own", async () => {
    const { database } = t.services;
    let orphan: Promise<unknown> = Promise.resolve();
    const attempt = database.write(async (tx) => {
      // Not awaited: its SAVEPOINT is on the way when the transaction fails and rolls back.
      orphan = tx.write((a) => a.q.insert(users).values({ username: "orphan", password_hash: "x", role: "readonly" }));
      orphan.catch(() => {});
      throw new Error("fails without awaiting its nested write");
    });
    await expect(attempt).rejects.toThrow("fails without awaiting its nested write");
    await orphan.catch(() => {});
    await Bun.sleep(50);
    expect(await userNamed("orphan")).toBeUndefined();
    // The connection went back clean: the next transaction commits what it writes, only that.
    await database.write((tx) => tx.q.insert(users).values({ username: "after-orphan", password_hash: "x", role: "readonly" }));
    expect(await userNamed("after-orphan")).toBeDefined();
  });
});

describe("the current time inside a transaction", () => {
  test("is each statement's, as SQLite's 'now': sqlFor(tx).now and a NOW column default both move on within one transaction", async () => {
    const { database } = t.services;
    const { first, later, joined } = await database.write(async (tx) => {
      const [a] = await rawRows<{ at: string }>(tx, sql`SELECT ${sqlFor(tx).now} AS at`);
      await Bun.sleep(150);
      const [b] = await rawRows<{ at: string }>(tx, sql`SELECT ${sqlFor(tx).now} AS at`);
      const [u] = await tx.q.insert(users).values({ username: "stamped", password_hash: "x", role: "readonly" }).returning({ date_joined: users.date_joined });
      return { first: Date.parse(a?.at ?? ""), later: Date.parse(b?.at ?? ""), joined: Date.parse(u?.date_joined ?? "") };
    });
    expect(later - first).toBeGreaterThanOrEqual(140);
    expect(joined - first).toBeGreaterThanOrEqual(140);
  });
});

describe("(d) concurrent stock adjustments", () => {
  test("200 concurrent read-modify-write adjustments that await between read and write: exact total, one tracking entry each", async () => {
    const { database } = t.services;
    const part = await makePart(t.services.database);
    const item = await makeStockItem(t.services.database, { part, quantity: 1000 });
    const N = 200;
    const adjust = (delta: number) =>
      database.write(async (tx) => {
        // Locked as services lock what they change (`forUpdate`: FOR UPDATE on PostgreSQL, where
        // transactions run concurrently; nothing on SQLite, whose one writer serialises them).
        const [row] = await forUpdate(tx, tx.q.select({ quantity: stockItems.quantity }).from(stockItems).where(eq(stockItems.id, item)));
        // Yield to every other request between the read and the write, as real services do.
        await new Promise((resolve) => setImmediate(resolve));
        const quantity = (row?.quantity ?? 0) + delta;
        await tx.q.update(stockItems).set({ quantity }).where(eq(stockItems.id, item));
        await tx.q.insert(stockTracking).values({ item, tracking_type: delta > 0 ? TRACKING.STOCK_ADD : TRACKING.STOCK_REMOVE, user: null, notes: "", deltas: { quantity } });
      });
    const deltas = Array.from({ length: N }, (_, i) => (i % 3 === 0 ? -2 : 5));
    await Promise.all(deltas.map(adjust));
    const expected = 1000 + deltas.reduce((a, b) => a + b, 0);
    expect((await t.call("GET", `/api/stock/${item}/`)).body.quantity).toBe(expected);
    const tracking = (await t.call("GET", `/api/stock/track/?item=${item}`)).body as { pk: number; deltas: { quantity: number } }[];
    expect(tracking).toHaveLength(N);
    // In the order written, each entry's quantity is the previous one's plus one delta: every
    // adjustment read the value the one before it wrote, none read a value another had also read.
    // (The order adjustments get the item in is SQLite's queue order but any order on PostgreSQL,
    // so the steps are checked rather than the sequence.)
    const written = tracking.toSorted((a, b) => a.pk - b.pk).map((e) => e.deltas.quantity);
    const steps = written.map((q, i) => q - (i === 0 ? 1000 : (written[i - 1] as number)));
    expect(steps.filter((d) => d === 5)).toHaveLength(deltas.filter((d) => d === 5).length);
    expect(steps.filter((d) => d === -2)).toHaveLength(deltas.filter((d) => d === -2).length);
  });
});
