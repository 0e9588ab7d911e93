import { and, eq, ne, sql } from "drizzle-orm";
import type { Reads } from "../../db/database.ts";
import { lockKey, sqlFor } from "../../db/dialect.ts";
import type { FieldErrorCollector } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { STRUCTURAL_MESSAGE } from "./location-service.ts";
import { companies, parts, purchaseOrders, salesOrders, stockItems, stockLocations, supplierParts } from "../../db/tables.ts";

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

const exists = async (db: Reads, table: typeof companies | typeof purchaseOrders | typeof salesOrders, pk: number) =>
  (await db.q.select({ id: table.id }).from(table).where(eq(table.id, pk)).limit(1)).length > 0;

/**
 * Checks every foreign key given (unknown pk → 400 on that field, before anything is written),
 * that the location may hold stock, and that a supplier part belongs to the item's part.
 * Returns the part row when `part` was given and exists.
 */
export async function checkItemRefs(db: Reads, refs: ItemRefs, partId: number, errors: FieldErrorCollector) {
  let part: typeof parts.$inferSelect | undefined;
  if (refs.part !== undefined) {
    [part] = await db.q.select().from(parts).where(eq(parts.id, refs.part)).limit(1);
    if (!part) errors.add("part", invalidPk(refs.part));
  }
  if (refs.location !== undefined && refs.location !== null) {
    const [loc] = await db.q.select({ structural: stockLocations.structural }).from(stockLocations).where(eq(stockLocations.id, refs.location)).limit(1);
    if (!loc) errors.add("location", invalidPk(refs.location));
    else if (loc.structural) errors.add("location", STRUCTURAL_MESSAGE);
  }
  if (refs.supplier_part !== undefined && refs.supplier_part !== null) {
    const [sp] = await db.q.select({ part: supplierParts.part }).from(supplierParts).where(eq(supplierParts.id, refs.supplier_part)).limit(1);
    if (!sp) errors.add("supplier_part", invalidPk(refs.supplier_part));
    else if (sp.part !== partId) errors.add("supplier_part", "The supplier part does not match the stock item's part.");
  }
  if (refs.purchase_order != null && !(await exists(db, purchaseOrders, refs.purchase_order))) errors.add("purchase_order", invalidPk(refs.purchase_order));
  if (refs.sales_order != null && !(await exists(db, salesOrders, refs.sales_order))) errors.add("sales_order", invalidPk(refs.sales_order));
  if (refs.customer != null && !(await exists(db, companies, refs.customer))) errors.add("customer", invalidPk(refs.customer));
  return part;
}

/**
 * Takes the lock of the parts' serial numbers (issue 12; docs/data-layer.md, "Concurrency on
 * PostgreSQL"): a part's stock items never share a serial, a rule no unique index guards, so every
 * write that gives an item of `part` a serial (POST /api/stock/, a PATCH of `serial`, a purchase
 * order receipt with serial numbers) takes it before reading the part's serials (`serialTaken`,
 * `latestSerial` for "~") and holds it to its commit. Two such writes on PostgreSQL then queue
 * instead of both passing the check. Several parts are locked in pk order, so two writes never
 * wait on each other in opposite orders. Nothing on SQLite, whose one writer already serialises them.
 */
export async function lockPartSerials(tx: Reads, partIds: Iterable<number>): Promise<void> {
  for (const part of [...new Set(partIds)].sort((a, b) => a - b)) await lockKey(tx, `part_serials:${part}`);
}

/** True when another item of `part` already carries `serial` (under `lockPartSerials` in a write). */
export async function serialTaken(db: Reads, part: number, serial: string, exceptItem: number | null = null): Promise<boolean> {
  const conds = [eq(stockItems.part, part), eq(stockItems.serial, serial)];
  if (exceptItem !== null) conds.push(ne(stockItems.id, exceptItem));
  return (await db.q.select({ id: stockItems.id }).from(stockItems).where(and(...conds)).limit(1)).length > 0;
}

/** The part's highest serial (numeric serials compare as numbers), for "~" in serial expressions. */
export async function latestSerial(db: Reads, part: number): Promise<string | null> {
  const d = sqlFor(db);
  const [row] = await db.q
    .select({ serial: stockItems.serial })
    .from(stockItems)
    .where(and(eq(stockItems.part, part), sql`${stockItems.serial} IS NOT NULL AND ${stockItems.serial} != ''`))
    .orderBy(d.desc(d.leadingInteger(stockItems.serial)), d.desc(stockItems.serial))
    .limit(1);
  return row?.serial ?? null;
}
