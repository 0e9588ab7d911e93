import { asc, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { orderingTerms } from "../../db/query.ts";

/** The message InvenTree gives when a closed order's lines are touched. */
export const LOCKED = "The order is locked and cannot be modified";

/**
 * The order lists' ordering: `ordering=-reference,pk` over the fields a list allows, unknown fields
 * ignored; the pk always breaks ties so pages are stable. Unlike db/query.ts's orderingClause,
 * `fallback` applies only when no `ordering` is sent (an all-unknown one orders by pk alone), which
 * is how these lists have always answered; kept so no client sees its order change.
 */
export function orderingFrom(ordering: string | undefined, fields: Record<string, SQLiteColumn | SQL>, fallback: string, pk: SQLiteColumn): SQL[] {
  return [...orderingTerms(ordering || fallback, fields), asc(pk)];
}
