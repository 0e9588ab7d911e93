/**
 * The per-item numbers InvenTree annotates on its stock item queryset (`tracking_items`,
 * `allocated`) and the optional `supplier_part_detail`, added to a whole page with one query
 * each, never one per row.
 */
import { type SQL, sql } from "drizzle-orm";
import type { ReadQueries, Reads } from "../../db/database.ts";
import { sqlFor } from "../../db/dialect.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { getSupplierPartsByIds } from "../company/service.ts";
import { SO_OPEN } from "../order/service.ts";
import type { StockItemOut } from "./item-model.ts";

/** Sales order states whose allocations still hold stock (InvenTree's SalesOrderStatusGroups.OPEN). */
const SO_OPEN_SQL = sql.raw(SO_OPEN.join(", "));

/** Tracking entries of the item whose id is `idSql`. */
const trackingOf = (idSql: SQL) => sql<number>`(SELECT COUNT(*) FROM stock_tracking t WHERE t.item_id = ${idSql})`.mapWith(Number);
/** Quantity of the item held by allocations of open sales orders not yet shipped. */
const allocatedOf = (idSql: SQL) =>
  sql<number>`(SELECT COALESCE(SUM(a.quantity), 0) FROM sales_order_allocation a
    JOIN sales_order_line l ON l.id = a.line_id JOIN sales_order o ON o.id = l.order_id
    LEFT JOIN sales_order_shipment s ON s.id = a.shipment_id
    WHERE a.item_id = ${idSql} AND o.status IN (${SO_OPEN_SQL}) AND s.shipment_date IS NULL)`.mapWith(Number);

/**
 * The two numbers as columns of a query over `stock_item`, for statements that return few rows
 * (one item, a page picked by pk): evaluated only for the rows returned, with no second statement.
 */
export const itemExtraColumns = () => ({ tracking_items: trackingOf(sql`"stock_item"."id"`), allocated: allocatedOf(sql`"stock_item"."id"`) });
export type ItemExtraValues = { tracking_items: number; allocated: number };

/** For the pks in `ids` (a JSON array): tracking entry count and quantity held by open, unshipped allocations. */
const extrasOf = preparedPerDb((q: ReadQueries) =>
  q
    .select({ id: sql<number>`ids.value`.mapWith(Number), tracking: trackingOf(sql`ids.value`), allocated: allocatedOf(sql`ids.value`) })
    .from(sql`(${sqlFor().intsOfJson(sql.placeholder("ids"))}) AS ids`)
    .prepare(),
);

/**
 * Fills `tracking_items`, `allocated` (unless `known`: the query that loaded the items selected
 * them already) and, when asked, `supplier_part_detail` on a page of items, in place.
 */
export async function addItemExtras(db: Reads, list: StockItemOut[], supplierPartDetail: boolean, known = false): Promise<StockItemOut[]> {
  if (list.length === 0) return list;
  if (!known) {
    const byId = new Map((await extrasOf(db.q).all({ ids: JSON.stringify(list.map((i) => i.pk)) })).map((r) => [r.id, r]));
    for (const item of list) {
      const e = byId.get(item.pk);
      if (e) {
        item.tracking_items = e.tracking;
        item.allocated = e.allocated;
      }
    }
  }
  if (supplierPartDetail) {
    const ids = [...new Set(list.map((i) => i.supplier_part).filter((x): x is number => x !== null))];
    const sps = await getSupplierPartsByIds(db, ids);
    for (const item of list) item.supplier_part_detail = item.supplier_part === null ? null : ((sps.get(item.supplier_part) as Record<string, unknown> | undefined) ?? null);
  }
  return list;
}
