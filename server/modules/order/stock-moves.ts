import { sqlFor } from "../../db/dialect.ts";
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/database.ts";
import { TRACKING } from "../../db/schema/stock.ts";
import { splitStockItem } from "../stock/service.ts";
import { writeTrackingEntry } from "../stock/service.ts";
import type { CompanyRow, StockItemRow } from "./lookups.ts";
import { stockItems } from "../../db/tables.ts";

/**
 * Hands `quantity` of a stock item to a customer against a sales order (InvenTree's
 * allocateToCustomer): splits when only part of the item goes, then clears its location and writes
 * SHIPPED_AGAINST_SALES_ORDER. Returns the item that left.
 */
export async function assignToCustomer(tx: Tx, item: StockItemRow, quantity: number, customer: CompanyRow, salesOrderId: number, user: number | null): Promise<StockItemRow> {
  // The split is the stock module's (InvenTree's splitStock: tracking on both items, test results copied).
  const shipped = quantity < item.quantity ? { id: (await splitStockItem(tx, item.id, quantity, user)), location: item.location } : item;
  const [row] = await tx.q
    .update(stockItems)
    .set({ customer: customer.id, sales_order: salesOrderId, location: null, updated: sqlFor(tx).now })
    .where(eq(stockItems.id, shipped.id))
    .returning();
  await writeTrackingEntry(tx, {
    item: row.id,
    tracking_type: TRACKING.SHIPPED_AGAINST_SALES_ORDER,
    user,
    deltas: { customer: customer.id, customer_name: customer.name, salesorder: salesOrderId, quantity: row.quantity, old_location: shipped.location },
  });
  return row;
}
