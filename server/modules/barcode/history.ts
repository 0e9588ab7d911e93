/**
 * Stored scan results (InvenTree's BarcodeScanResult): written by every barcode endpoint when
 * BARCODE_STORE_RESULTS is on, pruned oldest-first past BARCODE_RESULTS_MAX_NUM; listed,
 * read and deleted through /api/barcode/history/.
 */
import { and, count, eq, inArray, type SQL } from "drizzle-orm";
import type { ReadQueries, Reads, Tx, Writes } from "../../db/database.ts";
import { lockKey, sqlFor } from "../../db/dialect.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import { orderingClause } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { searchCondition } from "../../db/query.ts";
import { globalBool, globalInt } from "../settings/service.ts";
import type { UserBrief } from "../user/model.ts";
import { userBriefColumns } from "../user/service.ts";
import { barcodeScanResults, tableRowCounts, users } from "../../db/tables.ts";

/** InvenTree's BarcodeScanResult.BARCODE_SCAN_MAX_LEN. */
const BARCODE_SCAN_MAX_LEN = 250;

/** InvenTree stringifies each value of the response/context before storing it (it must be JSON-encodable). */
function stringifyValues(obj: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v) ?? "None"]));
}

export interface ScanLogEntry {
  barcode: string;
  user: number | null;
  endpoint: string;
  /** The request body (and query) apart from the barcode. */
  context: Record<string, unknown>;
  response: Record<string, unknown> | null;
  result: boolean;
}

/** Stores one scan when BARCODE_STORE_RESULTS is on, then prunes the oldest past the maximum. */
export async function logScan(db: Writes, entry: ScanLogEntry): Promise<void> {
  if (!(await globalBool(db, "BARCODE_STORE_RESULTS"))) return;
  const { barcode: _drop, barcode_data: _legacy, ...context } = entry.context;
  await db.write(async (tx) => {
    await lockKey(tx, HISTORY_LOCK);
    await tx.q
      .insert(barcodeScanResults)
      .values({
        data: entry.barcode.slice(0, BARCODE_SCAN_MAX_LEN),
        user: entry.user,
        endpoint: entry.endpoint,
        context: JSON.stringify(stringifyValues(context)),
        response: entry.response ? JSON.stringify(stringifyValues(entry.response)) : null,
        result: entry.result,
      });
    await pruneScans(tx, await globalInt(tx, "BARCODE_RESULTS_MAX_NUM"));
  });
}

/** The number of stored scans, maintained by triggers (migration 0004): no count over the table. */
const scanTotal = preparedPerDb((q: ReadQueries) => q.select({ n: tableRowCounts.n }).from(tableRowCounts).where(eq(tableRowCounts.name, "barcode_scan_result")).prepare());

/**
 * The lock of the stored history's size (docs/data-layer.md, "Concurrency on PostgreSQL"): each scan
 * stores one result and prunes past the maximum in one transaction that takes it first, so on
 * PostgreSQL concurrent scans queue and each counts the others' rows, never keeping more than the
 * maximum between them. (The count row's lock, taken by the insert's trigger, happens to queue them
 * too today; this does not rely on how the count is kept.) Nothing on SQLite.
 */
const HISTORY_LOCK = "barcode_scan_result_history";

/** Deletes the oldest results so at most `max` remain (inside the transaction that stored one, under HISTORY_LOCK). */
async function pruneScans(tx: Tx, max: number): Promise<void> {
  const total = (await scanTotal(tx.q).get())?.n ?? 0;
  if (total <= max) return;
  const old = await tx.q
    .select({ id: barcodeScanResults.id })
    .from(barcodeScanResults)
    .orderBy(sqlFor(tx).asc(barcodeScanResults.timestamp), sqlFor(tx).asc(barcodeScanResults.id))
    .limit(total - max);
  await tx.q.delete(barcodeScanResults).where(
    inArray(
      barcodeScanResults.id,
      old.map((r) => r.id),
    ),
  );
}

type Row = typeof barcodeScanResults.$inferSelect;

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

function toOut(r: Row, user: UserBrief | undefined) {
  return {
    pk: r.id,
    data: r.data,
    timestamp: r.timestamp,
    endpoint: r.endpoint,
    context: parseJson(r.context),
    response: parseJson(r.response),
    result: r.result,
    user: r.user,
    user_detail: user ?? null,
  };
}

export type ScanResultOut = ReturnType<typeof toOut>;

async function withUsers(db: Reads, rows: Row[]): Promise<ScanResultOut[]> {
  const ids = [...new Set(rows.map((r) => r.user).filter((u): u is number => u !== null))];
  const found = ids.length ? await db.q.select(userBriefColumns()).from(users).where(inArray(users.id, ids)) : [];
  const byId = new Map(found.map((u) => [u.pk, u]));
  return rows.map((r) => toOut(r, r.user === null ? undefined : byId.get(r.user)));
}

export interface HistoryQuery {
  limit?: number;
  offset?: number;
  search?: string;
  ordering?: string;
  user?: number;
  result?: string;
}

/** The list, newest first by default; filters `user` and `result`, search over the endpoint and data. */
export async function listScans(db: Reads, q: HistoryQuery) {
  const conds: SQL[] = [];
  if (q.user !== undefined) conds.push(eq(barcodeScanResults.user, q.user));
  const result = parseBoolQuery(q.result);
  if (result !== undefined) conds.push(eq(barcodeScanResults.result, result));
  const search = searchCondition(q.search, [barcodeScanResults.data]);
  if (search) conds.push(search);
  const where = conds.length ? and(...conds) : undefined;
  const total = where === undefined ? ((await scanTotal(db.q).get())?.n ?? 0) : ((await db.q.select({ n: count() }).from(barcodeScanResults).where(where))[0]?.n ?? 0);
  const order = orderingClause(
    q.ordering,
    { user: barcodeScanResults.user, timestamp: barcodeScanResults.timestamp, endpoint: barcodeScanResults.endpoint, result: barcodeScanResults.result },
    // The dialect's terms, so the (timestamp, id) index serves newest first on both backends.
    [sqlFor(db).desc(barcodeScanResults.timestamp), sqlFor(db).desc(barcodeScanResults.id)],
    barcodeScanResults.id,
  );
  let query = db.q.select().from(barcodeScanResults).where(where).orderBy(...order).$dynamic();
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: await withUsers(db, await query) };
}

export async function getScan(db: Reads, pk: number): Promise<ScanResultOut> {
  const [row] = await db.q.select().from(barcodeScanResults).where(eq(barcodeScanResults.id, pk)).limit(1);
  if (!row) throw notFound();
  return (await withUsers(db, [row]))[0];
}

export async function deleteScan(db: Writes, pk: number): Promise<void> {
  const gone = await db.write((tx) => tx.q.delete(barcodeScanResults).where(eq(barcodeScanResults.id, pk)).returning({ id: barcodeScanResults.id }));
  if (!gone.length) throw notFound();
}

/**
 * InvenTree's BulkDeleteMixin: `{items: [pk, …]}` or `{filters: {…}}`, or `{all: true}` here;
 * an empty request is refused rather than clearing everything.
 */
export async function bulkDeleteScans(db: Writes, body: { items?: number[]; filters?: Record<string, unknown>; all?: boolean }): Promise<number> {
  const deleted = (where: SQL | undefined) => db.write(async (tx) => (await tx.q.delete(barcodeScanResults).where(where).returning({ id: barcodeScanResults.id })).length);
  if (body.items?.length) return deleted(inArray(barcodeScanResults.id, body.items));
  if (body.filters && Object.keys(body.filters).length) {
    const conds: SQL[] = [];
    const f = body.filters;
    if (typeof f.user === "number") conds.push(eq(barcodeScanResults.user, f.user));
    if (typeof f.result === "boolean") conds.push(eq(barcodeScanResults.result, f.result));
    if (!conds.length) throw fieldError("non_field_errors", "List of items or filters must be provided for bulk operation");
    return deleted(and(...conds));
  }
  if (body.all) return deleted(undefined);
  throw fieldError("non_field_errors", "List of items or filters must be provided for bulk operation");
}
