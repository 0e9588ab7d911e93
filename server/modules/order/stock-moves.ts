import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { stockItems, TRACKING } from "../../db/schema/stock.ts";
import { writeTrackingEntry } from "../stock/tracking.ts";
import type { CompanyRow, StockItemRow } from "./lookups.ts";

/**
 * Splits `quantity` off a stock item into a new item (InvenTree's splitStock), with the two tracking
 * entries InvenTree writes: SPLIT_CHILD_ITEM on the original, SPLIT_FROM_PARENT on the new one.
 */
export function splitStockItem(tx: DbOrTx, item: StockItemRow, quantity: number, user: number | null): StockItemRow {
  const { id: _id, creation_date: _c, updated: _u, barcode_data: _bd, barcode_hash: _bh, ...copy } = item;
  const child = tx.insert(stockItems).values({ ...copy, quantity }).returning().get();
  const remaining = item.quantity - quantity;
  tx.update(stockItems).set({ quantity: remaining, updated: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` }).where(eq(stockItems.id, item.id)).run();
  writeTrackingEntry(tx, { item: item.id, tracking_type: TRACKING.SPLIT_CHILD_ITEM, user, deltas: { stockitem: child.id, removed: quantity, quantity: remaining } });
  writeTrackingEntry(tx, { item: child.id, tracking_type: TRACKING.SPLIT_FROM_PARENT, user, deltas: { stockitem: item.id, quantity } });
  return child;
}

/**
 * Hands `quantity` of a stock item to a customer against a sales order (InvenTree's
 * allocateToCustomer): splits when only part of the item goes, then clears its location and writes
 * SHIPPED_AGAINST_SALES_ORDER. Returns the item that left.
 */
export function assignToCustomer(tx: DbOrTx, item: StockItemRow, quantity: number, customer: CompanyRow, salesOrderId: number, user: number | null): StockItemRow {
  const shipped = quantity < item.quantity ? splitStockItem(tx, item, quantity, user) : item;
  const row = tx
    .update(stockItems)
    .set({ customer: customer.id, sales_order: salesOrderId, location: null, updated: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` })
    .where(eq(stockItems.id, shipped.id))
    .returning()
    .get();
  writeTrackingEntry(tx, {
    item: row.id,
    tracking_type: TRACKING.SHIPPED_AGAINST_SALES_ORDER,
    user,
    deltas: { customer: customer.id, customer_name: customer.name, salesorder: salesOrderId, quantity: row.quantity, old_location: shipped.location },
  });
  return row;
}
