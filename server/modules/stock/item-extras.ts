/**
 * The per-item numbers InvenTree annotates on its stock item queryset (`tracking_items`,
 * `allocated`) and the optional `supplier_part_detail`, added to a whole page with one query
 * each, never one per row.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { getSupplierPartsByIds } from "../company/supplier-part-service.ts";
import { SO_OPEN } from "../order/status.ts";
import type { StockItemOut } from "./item-model.ts";

/** Sales order states whose allocations still hold stock (InvenTree's SalesOrderStatusGroups.OPEN). */
const SO_OPEN_SQL = sql.raw(SO_OPEN.join(", "));

/** For the pks in `ids` (a JSON array): tracking entry count and quantity held by open, unshipped allocations. */
const extrasOf = preparedPerDb((db) =>
  db
    .select({
      id: sql<number>`ids.value`.mapWith(Number),
      tracking: sql<number>`(SELECT COUNT(*) FROM stock_tracking t WHERE t.item_id = ids.value)`.mapWith(Number),
      allocated: sql<number>`(SELECT COALESCE(SUM(a.quantity), 0) FROM sales_order_allocation a
        JOIN sales_order_line l ON l.id = a.line_id JOIN sales_order o ON o.id = l.order_id
        LEFT JOIN sales_order_shipment s ON s.id = a.shipment_id
        WHERE a.item_id = ids.value AND o.status IN (${SO_OPEN_SQL}) AND s.shipment_date IS NULL)`.mapWith(Number),
    })
    .from(sql`json_each(${sql.placeholder("ids")}) AS ids`)
    .prepare(),
);

/** Fills `tracking_items`, `allocated` and (when asked) `supplier_part_detail` on a page of items, in place. */
export function addItemExtras(db: DbOrTx, list: StockItemOut[], supplierPartDetail: boolean): StockItemOut[] {
  if (list.length === 0) return list;
  const byId = new Map(extrasOf(db).all({ ids: JSON.stringify(list.map((i) => i.pk)) }).map((r) => [r.id, r]));
  for (const item of list) {
    const e = byId.get(item.pk);
    if (e) {
      item.tracking_items = e.tracking;
      item.allocated = e.allocated;
    }
  }
  if (supplierPartDetail) {
    const ids = [...new Set(list.map((i) => i.supplier_part).filter((x): x is number => x !== null))];
    const sps = getSupplierPartsByIds(db, ids);
    for (const item of list) item.supplier_part_detail = item.supplier_part === null ? null : ((sps.get(item.supplier_part) as Record<string, unknown> | undefined) ?? null);
  }
  return list;
}
