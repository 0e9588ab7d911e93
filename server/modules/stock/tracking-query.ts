import { and, eq, type SQL } from "drizzle-orm";
import { sqlFor } from "../../db/dialect.ts";
import type { Reads, ReadQueries } from "../../db/database.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { notFound } from "../../core/errors.ts";
import { parseOrdering } from "../../core/query.ts";
import { searchCondition } from "../../db/query.ts";
import { MAX_SEARCH_TERMS } from "./query-params.ts";
import { trackingLabel } from "./status-codes.ts";
import type { TrackingListQueryIn, TrackingOut } from "./tracking-model.ts";
import type { UserBrief } from "../user/model.ts";
import { userBriefColumns } from "../user/service.ts";
import { ofBoundTables, stockTracking, tableRowCounts, users } from "../../db/tables.ts";

const joined = (db: Reads) =>
  db.q
    .select({ t: stockTracking, user: userBriefColumns() })
    .from(stockTracking)
    .leftJoin(users, eq(users.id, stockTracking.user))
    .$dynamic();

function toOut(r: { t: typeof stockTracking.$inferSelect; user: UserBrief | null }): TrackingOut {
  const e = r.t;
  return {
    pk: e.id,
    item: e.item,
    date: e.date,
    tracking_type: e.tracking_type,
    label: trackingLabel(e.tracking_type),
    notes: e.notes,
    deltas: e.deltas ?? {},
    user: e.user,
    user_detail: e.user !== null ? r.user : null,
    plugin: e.plugin,
  };
}

const trackingTotal = preparedPerDb((db: ReadQueries) => db.select({ n: tableRowCounts.n }).from(tableRowCounts).where(eq(tableRowCounts.name, "stock_tracking")).prepare());

const ORDER = ofBoundTables(() => ({ date: stockTracking.date, pk: stockTracking.id, tracking_type: stockTracking.tracking_type } as const));

/** GET /api/stock/track/: newest first (date, then pk), filters item/user/tracking_type, search in notes. */
export async function listTracking(db: Reads, q: TrackingListQueryIn) {
  const conds: SQL[] = [];
  if (q.item !== undefined) conds.push(eq(stockTracking.item, q.item));
  if (q.user !== undefined) conds.push(eq(stockTracking.user, q.user));
  if (q.tracking_type !== undefined) conds.push(eq(stockTracking.tracking_type, q.tracking_type));
  const search = searchCondition(q.search, [stockTracking.notes], MAX_SEARCH_TERMS);
  if (search) conds.push(search);
  const where = conds.length ? and(...conds) : undefined;
  const order = parseOrdering(q.ordering, ["date", "pk", "tracking_type"] as const);
  // The dialect's terms throughout (SQLite's NULL order, spelled out on PostgreSQL), so the
  // (date, id) index serves the default newest-first order, backwards, on both.
  const d = sqlFor(db);
  const orderBy = order.length ? order.map((o) => (o.desc ? d.desc(ORDER()[o.field]) : d.asc(ORDER()[o.field]))) : [d.desc(stockTracking.date)];
  orderBy.push(d.desc(stockTracking.id));
  let query = joined(db)
    .where(where)
    .orderBy(...orderBy);
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  const results = (await query).map(toOut);
  let total: number;
  if (q.limit === undefined) total = results.length;
  // Unfiltered: the row count maintained by triggers (migration 0004), not a count over the table.
  else if (where === undefined) total = (await trackingTotal(db.q).get())?.n ?? 0;
  else total = await db.q.$count(stockTracking, where);
  return { total, rows: results };
}

/** GET /api/stock/track/<pk>/. */
export async function getTracking(db: Reads, pk: number): Promise<TrackingOut> {
  const [row] = await joined(db).where(eq(stockTracking.id, pk)).limit(1);
  if (!row) throw notFound();
  return toOut(row);
}
