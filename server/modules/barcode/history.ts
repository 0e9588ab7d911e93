/**
 * Stored scan results (InvenTree's BarcodeScanResult): written by every barcode endpoint when
 * BARCODE_STORE_RESULTS is on, pruned oldest-first past BARCODE_RESULTS_MAX_NUM; listed,
 * read and deleted through /api/barcode/history/.
 */
import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { barcodeScanResults } from "../../db/schema/barcode.ts";
import { tableRowCounts } from "../../db/schema/row-counts.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { users } from "../../db/schema/user.ts";
import { fieldError, notFound } from "../../core/errors.ts";
import { containsLike, orderingClause } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { searchCondition } from "../../db/query.ts";
import { globalBool, globalInt } from "../settings/service.ts";
import { writeTransaction } from "../../db/write.ts";
import type { UserBrief } from "../user/model.ts";
import { userBriefColumns } from "../user/service.ts";

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
export function logScan(db: DbOrTx, entry: ScanLogEntry): void {
  if (!globalBool(db, "BARCODE_STORE_RESULTS")) return;
  const { barcode: _drop, barcode_data: _legacy, ...context } = entry.context;
  writeTransaction(db, (tx) => {
    tx.insert(barcodeScanResults)
      .values({
        data: entry.barcode.slice(0, BARCODE_SCAN_MAX_LEN),
        user: entry.user,
        endpoint: entry.endpoint,
        context: JSON.stringify(stringifyValues(context)),
        response: entry.response ? JSON.stringify(stringifyValues(entry.response)) : null,
        result: entry.result,
      })
      .run();
    pruneScans(tx, globalInt(tx, "BARCODE_RESULTS_MAX_NUM"));
  });
}

/** The number of stored scans, maintained by triggers (migration 0004): no count over the table. */
const scanTotal = preparedPerDb((db) => db.select({ n: tableRowCounts.n }).from(tableRowCounts).where(eq(tableRowCounts.name, "barcode_scan_result")).prepare());

/** Deletes the oldest results so at most `max` remain. */
function pruneScans(db: DbOrTx, max: number): void {
  const total = scanTotal(db).get()?.n ?? 0;
  if (total <= max) return;
  const old = db
    .select({ id: barcodeScanResults.id })
    .from(barcodeScanResults)
    .orderBy(asc(barcodeScanResults.timestamp), asc(barcodeScanResults.id))
    .limit(total - max)
    .all()
    .map((r) => r.id);
  db.delete(barcodeScanResults).where(inArray(barcodeScanResults.id, old)).run();
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

function withUsers(db: DbOrTx, rows: Row[]): ScanResultOut[] {
  const ids = [...new Set(rows.map((r) => r.user).filter((u): u is number => u !== null))];
  const found = ids.length ? db.select(userBriefColumns).from(users).where(inArray(users.id, ids)).all() : [];
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
export function listScans(db: DbOrTx, q: HistoryQuery) {
  const conds: SQL[] = [];
  if (q.user !== undefined) conds.push(eq(barcodeScanResults.user, q.user));
  const result = parseBoolQuery(q.result);
  if (result !== undefined) conds.push(eq(barcodeScanResults.result, result));
  const search = searchCondition(q.search, [barcodeScanResults.data]);
  if (search) conds.push(search);
  const where = conds.length ? and(...conds) : undefined;
  const total = where === undefined ? (scanTotal(db).get()?.n ?? 0) : (db.select({ n: count() }).from(barcodeScanResults).where(where).get()?.n ?? 0);
  const order = orderingClause(
    q.ordering,
    { user: barcodeScanResults.user, timestamp: barcodeScanResults.timestamp, endpoint: barcodeScanResults.endpoint, result: barcodeScanResults.result },
    [desc(barcodeScanResults.timestamp), desc(barcodeScanResults.id)],
    barcodeScanResults.id,
  );
  let query = db.select().from(barcodeScanResults).where(where).orderBy(...order).$dynamic();
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: withUsers(db, query.all()) };
}

export function getScan(db: DbOrTx, pk: number): ScanResultOut {
  const row = db.select().from(barcodeScanResults).where(eq(barcodeScanResults.id, pk)).get();
  if (!row) throw notFound();
  return withUsers(db, [row])[0];
}

export function deleteScan(db: DbOrTx, pk: number): void {
  getScan(db, pk);
  db.delete(barcodeScanResults).where(eq(barcodeScanResults.id, pk)).run();
}

/**
 * InvenTree's BulkDeleteMixin: `{items: [pk, …]}` or `{filters: {…}}`, or `{all: true}` here;
 * an empty request is refused rather than clearing everything.
 */
export function bulkDeleteScans(db: DbOrTx, body: { items?: number[]; filters?: Record<string, unknown>; all?: boolean }): number {
  if (body.items?.length) {
    return db.delete(barcodeScanResults).where(inArray(barcodeScanResults.id, body.items)).returning({ id: barcodeScanResults.id }).all().length;
  }
  if (body.filters && Object.keys(body.filters).length) {
    const conds: SQL[] = [];
    const f = body.filters;
    if (typeof f.user === "number") conds.push(eq(barcodeScanResults.user, f.user));
    if (typeof f.result === "boolean") conds.push(eq(barcodeScanResults.result, f.result));
    if (!conds.length) throw fieldError("non_field_errors", "List of items or filters must be provided for bulk operation");
    return db.delete(barcodeScanResults).where(and(...conds)).returning({ id: barcodeScanResults.id }).all().length;
  }
  if (body.all) return db.delete(barcodeScanResults).returning({ id: barcodeScanResults.id }).all().length;
  throw fieldError("non_field_errors", "List of items or filters must be provided for bulk operation");
}
