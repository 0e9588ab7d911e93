/**
 * The list filters and search purchase and sales orders share (InvenTree's OrderFilter and the
 * SearchFilter of both list views); each kind's list adds its own (supplier or customer, part…).
 */
import { and, eq, getTableName, inArray, notInArray, or, sql, type SQL } from "drizzle-orm";
import { sqlFor } from "../../db/dialect.ts";
import type { Reads } from "../../db/database.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { containsAny, containsLike, maintainedRowCounts } from "../../db/query.ts";
import { searchTerms, parseBoolQuery } from "../../core/query.ts";
import { today } from "../../core/clock.ts";
import { startDateConditions, type StartDateQuery } from "./start-date.ts";
import { openStatuses, type OrderKind } from "./status.ts";
import { companies, purchaseOrders, salesOrders } from "../../db/tables.ts";
import { OPEN_ORDER_COUNTS } from "../../db/maintained-counts.ts";

export interface OrderListQuery extends PageRequest, StartDateQuery {
  search?: string;
  ordering?: string;
  status?: number;
  outstanding?: string;
  overdue?: string;
  reference?: string;
  part?: number;
  assigned_to_me?: string;
}

/** The kind's table and its company columns (supplier or customer), as db/tables.ts binds them now. */
function columnsOf(kind: OrderKind) {
  if (kind === "purchase") return { table: purchaseOrders, company: purchaseOrders.supplier, companyReference: purchaseOrders.supplier_reference };
  return { table: salesOrders, company: salesOrders.customer, companyReference: salesOrders.customer_reference };
}

/** Open and past its target date, as of the moment asked (built per call: the date moves on). */
function overdueSql(kind: OrderKind): SQL | undefined {
  const { table } = columnsOf(kind);
  return and(inArray(table.status, [...openStatuses(kind)]), sql`${table.target_date} is not null and ${table.target_date} < ${today()}`);
}

/** Whether a serialised order is overdue: open and past its target date on `now`. */
export const isOverdue = (kind: OrderKind, row: { status: number; target_date: string | null }, now: string): boolean =>
  openStatuses(kind).includes(row.status) && row.target_date !== null && row.target_date < now;

/**
 * The shared conditions of `q`: status, outstanding, overdue, reference (ignoring case), the start
 * and target dates, assigned_to_me and the search — every word in the reference, the description,
 * the company's reference or the company's name.
 */
export function orderConditions(db: Reads, kind: OrderKind, q: OrderListQuery): (SQL | undefined)[] {
  const { table, company, companyReference } = columnsOf(kind);
  const open = [...openStatuses(kind)];
  const conds: (SQL | undefined)[] = [];
  // No responsible owners in Binventory: "assigned to me" is nobody's order.
  if (parseBoolQuery(q.assigned_to_me) === true) conds.push(sqlFor(db).never);
  if (q.status !== undefined) conds.push(eq(table.status, q.status));
  if (parseBoolQuery(q.outstanding) !== undefined) conds.push(parseBoolQuery(q.outstanding) ? inArray(table.status, open) : notInArray(table.status, open));
  if (parseBoolQuery(q.overdue) !== undefined) conds.push(parseBoolQuery(q.overdue) ? overdueSql(kind) : sql`not (${overdueSql(kind)})`);
  if (q.reference !== undefined) conds.push(sql`lower(${table.reference}) = lower(${q.reference})`);
  conds.push(...startDateConditions(table.start_date, q));
  for (const term of searchTerms(q.search)) {
    conds.push(or(containsAny([table.reference, table.description, companyReference], term), inArray(company, db.q.select({ id: companies.id }).from(companies).where(containsLike(companies.name, term)))));
  }
  return conds;
}

/**
 * The total of a list whose one filter is `outstanding`, from the maintained counts (the kind's
 * orders and its open ones, table_row_count: migrations 0007 and 0010); undefined for any other
 * filter set, which the list counts. `conds` are all of the list's conditions.
 */
export function outstandingTotal(db: Reads, kind: OrderKind, q: OrderListQuery, conds: (SQL | undefined)[]): (() => Promise<number>) | undefined {
  const outstanding = parseBoolQuery(q.outstanding);
  if (outstanding === undefined || conds.filter((c) => c !== undefined).length !== 1) return undefined;
  const table = getTableName(columnsOf(kind).table);
  const open = OPEN_ORDER_COUNTS.find((c) => c.table === table)?.name;
  if (open === undefined) return undefined;
  return async () => {
    const counts = await maintainedRowCounts(db, [table, open]);
    const openOrders = counts.get(open) ?? 0;
    return outstanding ? openOrders : (counts.get(table) ?? 0) - openOrders;
  };
}
