/**
 * The numbers InvenTree annotates on its part queryset beyond `in_stock` (`ordering`, `suppliers`,
 * `allocated_to_sales_orders`, `required_for_sales_orders`, `unallocated_stock`), computed for a
 * whole page in one query, never one per row. Not `stock_item_count`: no client reads it, and it
 * would cost a second pass over the part's stock.
 */
import { type SQL, sql } from "drizzle-orm";
import type { ReadQueries, Reads } from "../../db/database.ts";
import { sqlFor } from "../../db/dialect.ts";
import { preparedPerDb } from "../../db/prepared.ts";
import { PO_OPEN, SO_OPEN } from "../order/service.ts";
import type { PartOut } from "./model.ts";

const list = (codes: readonly number[]) => sql.raw(codes.join(", "));

/** The annotations of the part whose id is `id`, as select columns. Sales order lines hold the part; allocations hang off them. */
export const partExtraColumns = (id: SQL) => ({
  suppliers: sql<number>`(SELECT COUNT(*) FROM supplier_part sp WHERE sp.part_id = ${id})`.mapWith(Number),
  ordering: sql<number>`(SELECT COALESCE(SUM((l.quantity - l.received) * sp.pack_quantity_native), 0) FROM supplier_part sp
    JOIN purchase_order_line l ON l.supplier_part_id = sp.id JOIN purchase_order o ON o.id = l.order_id
    WHERE sp.part_id = ${id} AND o.status IN (${list(PO_OPEN)}) AND l.quantity > l.received)`.mapWith(Number),
  allocated: sql<number>`(SELECT COALESCE(SUM(a.quantity), 0) FROM sales_order_line l
    JOIN sales_order o ON o.id = l.order_id JOIN sales_order_allocation a ON a.line_id = l.id
    LEFT JOIN sales_order_shipment s ON s.id = a.shipment_id
    WHERE l.part_id = ${id} AND o.status IN (${list(SO_OPEN)}) AND s.shipment_date IS NULL)`.mapWith(Number),
  required: sql<number>`(SELECT COALESCE(SUM(${sqlFor().greatest(sql`l.quantity - l.shipped`, sql`0`)}), 0) FROM sales_order_line l
    JOIN sales_order o ON o.id = l.order_id WHERE l.part_id = ${id} AND o.status IN (${list(SO_OPEN)}))`.mapWith(Number),
});
export type PartExtraValues = { suppliers: number; ordering: number; allocated: number; required: number };

/** Sets the annotated fields of one part (which arrives with neutral values) from its extras. */
export function applyPartExtras(p: PartOut, e: PartExtraValues): void {
  p.suppliers = e.suppliers;
  p.ordering = e.ordering;
  p.allocated_to_sales_orders = e.allocated;
  p.required_for_sales_orders = e.required;
  p.unallocated_stock = Math.max(p.in_stock - e.allocated, 0);
}

/** Per part pk in `ids` (a JSON array). */
const extrasOf = preparedPerDb((db: ReadQueries) =>
  db
    .select({ id: sql<number>`ids.value`.mapWith(Number), ...partExtraColumns(sql`ids.value`) })
    .from(sql`(${sqlFor().intsOfJson(sql.placeholder("ids"))}) AS ids`)
    .prepare(),
);

/** Fills the annotated fields of a page of parts in place, with one query. */
export async function addPartExtras(db: Reads, parts: PartOut[]): Promise<PartOut[]> {
  if (parts.length === 0) return parts;
  const byId = new Map((await extrasOf(db.q).all({ ids: JSON.stringify(parts.map((p) => p.pk)) })).map((r) => [r.id, r]));
  for (const p of parts) {
    const e = byId.get(p.pk);
    if (e) applyPartExtras(p, e);
  }
  return parts;
}
