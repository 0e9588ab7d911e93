import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { stockItems, stockTestResults } from "../../db/schema/stock.ts";
import { users } from "../../db/schema/user.ts";
import { fieldError, notFound } from "../../http/errors.ts";
import { pageEnvelope } from "../../http/pagination.ts";
import { invalidPk, parseOrdering } from "../../http/query.ts";
import { parseBool } from "./query-params.ts";
import type { TestResultCreate, TestResultListQueryIn, TestResultOut, TestResultPatch } from "./test-result-model.ts";

/** InvenTree's generateTestKey: lowercase, spaces and symbols dropped, "_" in front of a leading digit. */
export function generateTestKey(name: string): string {
  const key = name.trim().toLowerCase().replace(/[^a-z0-9_]/g, "");
  return /^\d/.test(key) ? `_${key}` : key;
}

const joined = (db: DbOrTx) =>
  db.select({ r: stockTestResults, username: users.username }).from(stockTestResults).leftJoin(users, eq(users.id, stockTestResults.user)).$dynamic();

function toOut({ r, username }: { r: typeof stockTestResults.$inferSelect; username: string | null }): TestResultOut {
  return {
    pk: r.id,
    stock_item: r.stock_item,
    test: r.test,
    test_key: r.test_key,
    result: r.result,
    value: r.value,
    notes: r.notes,
    date: r.date,
    user: r.user,
    user_detail: r.user !== null && username !== null ? { pk: r.user, username } : null,
  };
}

const ORDER = { date: stockTestResults.date, result: stockTestResults.result, pk: stockTestResults.id, test: stockTestResults.test_key } as const;

/** GET /api/stock/test/: filters stock_item, test (by key), result, user; oldest first as InvenTree. */
export function listTestResults(db: Db, url: string, q: TestResultListQueryIn) {
  const conds: SQL[] = [];
  if (q.stock_item !== undefined) conds.push(eq(stockTestResults.stock_item, q.stock_item));
  if (q.test !== undefined) conds.push(eq(stockTestResults.test_key, generateTestKey(q.test)));
  const result = parseBool("result", q.result);
  if (result !== undefined) conds.push(eq(stockTestResults.result, result));
  if (q.user !== undefined) conds.push(eq(stockTestResults.user, q.user));
  const where = conds.length ? and(...conds) : undefined;
  const order = parseOrdering(q.ordering, ["date", "result", "pk", "test"] as const);
  const orderBy = order.map((o) => (o.desc ? desc(ORDER[o.field]) : asc(ORDER[o.field])));
  if (order.length === 0) orderBy.push(asc(stockTestResults.date));
  orderBy.push(asc(stockTestResults.id));
  let query = joined(db)
    .where(where)
    .orderBy(...orderBy);
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  const results = query.all().map(toOut);
  const total = q.limit === undefined ? results.length : (db.select({ n: count() }).from(stockTestResults).where(where).get()?.n ?? 0);
  return pageEnvelope(url, q, total, results);
}

export function getTestResult(db: DbOrTx, pk: number): TestResultOut {
  const row = joined(db).where(eq(stockTestResults.id, pk)).get();
  if (!row) throw notFound();
  return toOut(row);
}

function keyFor(test: string): string {
  const key = generateTestKey(test);
  if (!key) throw fieldError("test", "The test name must contain letters or digits.");
  return key;
}

/** POST /api/stock/test/: records a result against a stock item, attributed to the caller. */
export function createTestResult(db: Db, body: TestResultCreate, user: number | null): TestResultOut {
  const exists = db.select({ id: stockItems.id }).from(stockItems).where(eq(stockItems.id, body.stock_item)).get();
  if (!exists) throw fieldError("stock_item", invalidPk(body.stock_item));
  const row = db
    .insert(stockTestResults)
    .values({ ...body, test: body.test.trim(), test_key: keyFor(body.test), result: body.result ?? false, user })
    .returning({ id: stockTestResults.id })
    .get();
  return getTestResult(db, row.id);
}

/** PATCH /api/stock/test/<pk>/. */
export function updateTestResult(db: Db, pk: number, body: TestResultPatch): TestResultOut {
  const changes: Partial<typeof stockTestResults.$inferInsert> = { ...body };
  if (body.test !== undefined) {
    changes.test = body.test.trim();
    changes.test_key = keyFor(body.test);
  }
  if (Object.keys(changes).length === 0) return getTestResult(db, pk);
  const res = db.update(stockTestResults).set(changes).where(eq(stockTestResults.id, pk)).returning({ id: stockTestResults.id }).all();
  if (res.length === 0) throw notFound();
  return getTestResult(db, pk);
}

/** DELETE /api/stock/test/<pk>/. */
export function deleteTestResult(db: Db, pk: number): void {
  const res = db.delete(stockTestResults).where(eq(stockTestResults.id, pk)).returning({ id: stockTestResults.id }).all();
  if (res.length === 0) throw notFound();
}
