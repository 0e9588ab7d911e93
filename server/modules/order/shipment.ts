import { and, asc, eq, isNotNull, isNull, ne, sql, type SQL } from "drizzle-orm";
import { orderingClause, listPage } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import type { Reads, Tx, Writes } from "../../db/database.ts";
import { FieldErrorCollector, fieldErrors, notFound } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { findCompany, findSalesLine, findSalesOrder, findShipment, type ShipmentRow } from "./lookups.ts";
import type { ShipInput, ShipmentInput, ShipmentOut } from "./model.ts";
import { invalidPk } from "../../core/errors.ts";
import { toShipments } from "./shipment-view.ts";
import { today } from "../../core/clock.ts";
import { assignToCustomer } from "./stock-moves.ts";
import { forUpdate } from "../../db/dialect.ts";
import { lockSalesOrder, lockStockItems, lockUnderOrder } from "./locks.ts";
import { salesOrderAllocations, salesOrderLines, salesOrderShipments, stockItems, users } from "../../db/tables.ts";

export interface ShipmentListQuery extends PageRequest {
  ordering?: string;
  order?: number;
  shipped?: string;
  delivered?: string;
}

/** GET /api/order/so/shipment/ filtered by order, shipped, delivered. */
export async function listShipments(db: Reads, q: ShipmentListQuery) {
  const conds: (SQL | undefined)[] = [];
  if (q.order !== undefined) conds.push(eq(salesOrderShipments.order, q.order));
  if (parseBoolQuery(q.shipped) !== undefined) conds.push(parseBoolQuery(q.shipped) ? isNotNull(salesOrderShipments.shipment_date) : isNull(salesOrderShipments.shipment_date));
  if (parseBoolQuery(q.delivered) !== undefined) conds.push(parseBoolQuery(q.delivered) ? isNotNull(salesOrderShipments.delivery_date) : isNull(salesOrderShipments.delivery_date));
  const orderFields = { reference: salesOrderShipments.reference, shipment_date: salesOrderShipments.shipment_date, delivery_date: salesOrderShipments.delivery_date };
  const order = orderingClause(q.ordering, orderFields, [], salesOrderShipments.id);
  const { total, rows } = await listPage(db, salesOrderShipments, and(...conds), order, q);
  return { total, rows: await toShipments(db, rows) };
}

/** One shipment, 404 when absent. */
export async function getShipment(db: Reads, id: number): Promise<ShipmentOut> {
  const row = await findShipment(db, id);
  if (!row) throw notFound();
  return (await toShipments(db, [row]))[0];
}

async function validateShipment(db: Reads, merged: { order: number; reference: string }, input: ShipmentInput, existingId?: number): Promise<void> {
  const errors = new FieldErrorCollector();
  if (!(await findSalesOrder(db, merged.order))) errors.add("order", invalidPk(merged.order));
  if (input.checked_by != null && (await db.q.select({ id: users.id }).from(users).where(eq(users.id, input.checked_by)).limit(1)).length === 0) errors.add("checked_by", invalidPk(input.checked_by));
  errors.throwIfAny();
  if (input.order !== undefined || input.reference !== undefined) {
    const [clash] = await db.q
      .select({ id: salesOrderShipments.id })
      .from(salesOrderShipments)
      .where(and(eq(salesOrderShipments.order, merged.order), eq(salesOrderShipments.reference, merged.reference), existingId ? ne(salesOrderShipments.id, existingId) : undefined))
      .limit(1);
    if (clash) throw fieldErrors({ non_field_errors: ["The fields order, reference must make a unique set."] });
  }
}

/** The shipment a write changes, 404 when absent. */
async function lockedShipment(tx: Tx, id: number): Promise<ShipmentRow> {
  // Locked after its order (locks.ts).
  const row = await lockUnderOrder(tx, () => tx.q.select().from(salesOrderShipments).where(eq(salesOrderShipments.id, id)).limit(1), (r) => r.order, lockSalesOrder);
  if (!row) throw notFound();
  return row;
}

/** POST /api/order/so/shipment/; `reference` defaults to "1" and is unique within the order. */
export function createShipment(db: Writes, input: ShipmentInput & { order: number }): Promise<ShipmentOut> {
  return db.write(async (tx) => {
    // The order locked: its shipments' references are unique within it (no index says so).
    await lockSalesOrder(tx, input.order);
    await validateShipment(tx, { order: input.order, reference: input.reference ?? "1" }, input);
    const [row] = await tx.q.insert(salesOrderShipments).values(input).returning();
    return (await toShipments(tx, [row]))[0];
  });
}

/** PATCH/PUT /api/order/so/shipment/<pk>/; a shipment holding allocations stays with its order. */
export function updateShipment(db: Writes, id: number, input: ShipmentInput): Promise<ShipmentOut> {
  return db.write(async (tx) => {
    const existing = await lockedShipment(tx, id);
    if (input.order !== undefined && input.order !== existing.order) await lockSalesOrder(tx, input.order);
    await validateShipment(tx, { ...existing, ...input }, input, id);
    if (input.order !== undefined && input.order !== existing.order) {
      const held = await tx.q.$count(salesOrderAllocations, eq(salesOrderAllocations.shipment, id));
      if (held > 0) throw fieldErrors({ order: ["Cannot move a shipment with allocated stock to another order"] });
    }
    if (Object.keys(input).length === 0) return (await toShipments(tx, [existing]))[0];
    const [row] = await tx.q.update(salesOrderShipments).set(input).where(eq(salesOrderShipments.id, id)).returning();
    return (await toShipments(tx, [row]))[0];
  });
}

/** DELETE /api/order/so/shipment/<pk>/: its pending allocations go with it (InvenTree cascades); a sent shipment stays. */
export async function deleteShipment(db: Writes, id: number): Promise<void> {
  await db.write(async (tx) => {
    const existing = await lockedShipment(tx, id);
    if (existing.shipment_date !== null) throw fieldErrors({ non_field_errors: ["Shipment has already been shipped"] });
    await tx.q.delete(salesOrderAllocations).where(eq(salesOrderAllocations.shipment, id));
    await tx.q.delete(salesOrderShipments).where(eq(salesOrderShipments.id, id));
  });
}

/**
 * Sends a shipment (InvenTree's SalesOrderShipment.complete_shipment, done at once rather than in a
 * background task): each allocated quantity leaves stock to the customer — the stock item split when
 * only part of it goes — with a SHIPPED_AGAINST_SALES_ORDER entry, and the line's `shipped` rises.
 * One transaction: any failure leaves every item as it was.
 */
export function shipSalesOrderShipment(db: Writes, id: number, input: ShipInput, user: number | null): Promise<ShipmentOut> {
  return db.write(async (tx) => {
    const l = tx;
    const shipment = await lockedShipment(tx, id);
    if (shipment.shipment_date !== null) throw fieldErrors({ non_field_errors: ["Shipment has already been sent"] });
    // Under the order's lock, then their stock items locked in pk order (locks.ts).
    const allocations = await forUpdate(tx, tx.q.select().from(salesOrderAllocations).where(eq(salesOrderAllocations.shipment, id)).orderBy(asc(salesOrderAllocations.id)));
    if (allocations.length === 0) throw fieldErrors({ non_field_errors: ["Shipment has no allocated stock items"] });
    await lockStockItems(tx, allocations.map((a) => a.item));
    const order = await findSalesOrder(l, shipment.order);
    const customer = order ? (await findCompany(l, order.customer)) : undefined;
    if (!order || !customer) throw notFound();
    for (const allocation of allocations) {
      // Re-read each time (locked above): an earlier allocation may have split the same item.
      const [item] = await tx.q.select().from(stockItems).where(eq(stockItems.id, allocation.item)).limit(1);
      const line = await findSalesLine(l, allocation.line);
      if (!item || !line) throw notFound();
      if (item.customer !== null || item.sales_order !== null) throw fieldErrors({ non_field_errors: [`Stock item ${item.id} is no longer in stock`] });
      if (allocation.quantity > item.quantity) throw fieldErrors({ non_field_errors: [`Allocation quantity cannot exceed stock quantity (stock item ${item.id} has ${item.quantity})`] });
      const shipped = await assignToCustomer(tx, item, allocation.quantity, customer, order.id, user);
      await tx.q.update(salesOrderAllocations).set({ item: shipped.id }).where(eq(salesOrderAllocations.id, allocation.id));
      await tx.q.update(salesOrderLines).set({ shipped: sql`${salesOrderLines.shipped} + ${allocation.quantity}` }).where(eq(salesOrderLines.id, line.id));
    }
    const changes: Partial<typeof salesOrderShipments.$inferInsert> = { shipment_date: input.shipment_date ?? today() };
    if (input.delivery_date !== undefined) changes.delivery_date = input.delivery_date;
    if (input.tracking_number !== undefined) changes.tracking_number = input.tracking_number;
    if (input.invoice_number !== undefined) changes.invoice_number = input.invoice_number;
    if (input.link !== undefined) changes.link = input.link;
    await tx.q.update(salesOrderShipments).set(changes).where(eq(salesOrderShipments.id, id));
    return await getShipment(l, id);
  });
}
