import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { companies, supplierParts } from "../../db/schema/company.ts";
import { purchaseOrders, salesOrders } from "../../db/schema/order.ts";
import { parts } from "../../db/schema/part.ts";
import { stockItems, stockLocations } from "../../db/schema/stock.ts";
import type { FieldErrorCollector } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { STRUCTURAL_MESSAGE } from "./location-service.ts";

export const SERIAL_QUANTITY_MESSAGE = "Quantity must be 1 for item with a serial number";

/** The foreign keys of a stock item that a write may set. */
export interface ItemRefs {
  part?: number;
  location?: number | null;
  supplier_part?: number | null;
  purchase_order?: number | null;
  sales_order?: number | null;
  customer?: number | null;
}

const exists = (tx: DbOrTx, table: typeof companies | typeof purchaseOrders | typeof salesOrders, pk: number) =>
  tx.select({ id: table.id }).from(table).where(eq(table.id, pk)).get() !== undefined;

/**
 * Checks every foreign key given (unknown pk → 400 on that field, before anything is written),
 * that the location may hold stock, and that a supplier part belongs to the item's part.
 * Returns the part row when `part` was given and exists.
 */
export function checkItemRefs(tx: DbOrTx, refs: ItemRefs, partId: number, errors: FieldErrorCollector) {
  let part: typeof parts.$inferSelect | undefined;
  if (refs.part !== undefined) {
    part = tx.select().from(parts).where(eq(parts.id, refs.part)).get();
    if (!part) errors.add("part", invalidPk(refs.part));
  }
  if (refs.location !== undefined && refs.location !== null) {
    const loc = tx.select({ structural: stockLocations.structural }).from(stockLocations).where(eq(stockLocations.id, refs.location)).get();
    if (!loc) errors.add("location", invalidPk(refs.location));
    else if (loc.structural) errors.add("location", STRUCTURAL_MESSAGE);
  }
  if (refs.supplier_part !== undefined && refs.supplier_part !== null) {
    const sp = tx.select({ part: supplierParts.part }).from(supplierParts).where(eq(supplierParts.id, refs.supplier_part)).get();
    if (!sp) errors.add("supplier_part", invalidPk(refs.supplier_part));
    else if (sp.part !== partId) errors.add("supplier_part", "The supplier part does not match the stock item's part.");
  }
  if (refs.purchase_order != null && !exists(tx, purchaseOrders, refs.purchase_order)) errors.add("purchase_order", invalidPk(refs.purchase_order));
  if (refs.sales_order != null && !exists(tx, salesOrders, refs.sales_order)) errors.add("sales_order", invalidPk(refs.sales_order));
  if (refs.customer != null && !exists(tx, companies, refs.customer)) errors.add("customer", invalidPk(refs.customer));
  return part;
}

/** True when another item of `part` already carries `serial`. */
export function serialTaken(tx: DbOrTx, part: number, serial: string, exceptItem: number | null = null): boolean {
  const conds = [eq(stockItems.part, part), eq(stockItems.serial, serial)];
  if (exceptItem !== null) conds.push(ne(stockItems.id, exceptItem));
  return tx.select({ id: stockItems.id }).from(stockItems).where(and(...conds)).limit(1).get() !== undefined;
}

/** The part's highest serial (numeric serials compare as numbers), for "~" in serial expressions. */
export function latestSerial(tx: DbOrTx, part: number): string | null {
  const row = tx
    .select({ serial: stockItems.serial })
    .from(stockItems)
    .where(and(eq(stockItems.part, part), sql`${stockItems.serial} IS NOT NULL AND ${stockItems.serial} != ''`))
    .orderBy(sql`CAST(${stockItems.serial} AS INTEGER) DESC`, sql`${stockItems.serial} DESC`)
    .limit(1)
    .get();
  return row?.serial ?? null;
}
