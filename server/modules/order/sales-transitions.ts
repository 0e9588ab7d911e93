import { and, count, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { SO_STATUS, salesOrderAllocations, salesOrderLines, salesOrders, salesOrderShipments } from "../../db/schema/order.ts";
import { parts } from "../../db/schema/part.ts";
import { fieldError, fieldErrors, notFound } from "../../core/errors.ts";
import { findSalesOrder } from "./lookups.ts";
import type { SalesOrderOut } from "./model.ts";
import { getSalesOrder, pendingShipmentCount } from "./sales-order.ts";
import { globalBoolInTransaction } from "../settings/service.ts";
import { SO_OPEN, SO_TRANSITIONS, soStatusText } from "./status.ts";
import { today } from "../../core/clock.ts";

export type SalesTransition = keyof typeof SO_TRANSITIONS | "complete";

const refuse = (message: string) => fieldErrors({ non_field_errors: [message] });

/** Allocations of the order not yet shipped: no shipment, or a shipment still pending. */
function pendingAllocationIds(db: DbOrTx, orderId: number): number[] {
  return db
    .select({ id: salesOrderAllocations.id })
    .from(salesOrderAllocations)
    .innerJoin(salesOrderLines, eq(salesOrderLines.id, salesOrderAllocations.line))
    .leftJoin(salesOrderShipments, eq(salesOrderShipments.id, salesOrderAllocations.shipment))
    .where(and(eq(salesOrderLines.order, orderId), or(isNull(salesOrderAllocations.shipment), isNull(salesOrderShipments.shipment_date))))
    .all()
    .map((r) => r.id);
}

/** Lines (of non-virtual parts) shipped short of their quantity. */
function pendingLineCount(db: DbOrTx, orderId: number): number {
  return (
    db
      .select({ n: count() })
      .from(salesOrderLines)
      .innerJoin(parts, eq(parts.id, salesOrderLines.part))
      .where(and(eq(salesOrderLines.order, orderId), eq(parts.virtual, false), sql`${salesOrderLines.shipped} < ${salesOrderLines.quantity}`))
      .get()?.n ?? 0
  );
}

/**
 * Moves a sales order along InvenTree's state machine. `complete` follows SalesOrder.ship_order:
 * an open order becomes SHIPPED (COMPLETE with SALESORDER_SHIP_COMPLETE), a SHIPPED one COMPLETE.
 * Cancelling drops the allocations not yet shipped. Impossible transitions answer 400.
 */
export function transitionSalesOrder(tx: DbOrTx, id: number, action: SalesTransition, opts: { acceptIncomplete?: boolean } = {}): SalesOrderOut {
  const order = findSalesOrder(tx, id);
  if (!order) throw notFound();
  if (action === "complete") {
    if (!opts.acceptIncomplete && pendingLineCount(tx, id) > 0) throw fieldError("accept_incomplete", "Order has incomplete line items");
    if (order.status === SO_STATUS.COMPLETE) throw refuse("Order is already complete");
    if (order.status === SO_STATUS.CANCELLED) throw refuse("Order is already cancelled");
    if (!SO_OPEN.includes(order.status) && order.status !== SO_STATUS.SHIPPED) throw refuse(`Order cannot be completed: it is ${soStatusText(order.status)}`);
    if (pendingShipmentCount(tx, id) > 0) throw refuse("Order cannot be completed as there are incomplete shipments");
    if (pendingAllocationIds(tx, id).length > 0) throw refuse("Order cannot be completed as there are incomplete allocations");
    // Virtual parts are never shipped, so they count as delivered once the order completes.
    const virtualLines = tx
      .select({ id: salesOrderLines.id })
      .from(salesOrderLines)
      .innerJoin(parts, eq(parts.id, salesOrderLines.part))
      .where(and(eq(salesOrderLines.order, id), eq(parts.virtual, true)))
      .all()
      .map((r) => r.id);
    if (virtualLines.length) tx.update(salesOrderLines).set({ shipped: sql`${salesOrderLines.quantity}` }).where(inArray(salesOrderLines.id, virtualLines)).run();
    const direct = globalBoolInTransaction(tx, "SALESORDER_SHIP_COMPLETE");
    const status = direct || order.status === SO_STATUS.SHIPPED ? SO_STATUS.COMPLETE : SO_STATUS.SHIPPED;
    tx.update(salesOrders).set({ status, shipment_date: order.shipment_date ?? today() }).where(eq(salesOrders.id, id)).run();
    return getSalesOrder(tx, id);
  }
  const rule = SO_TRANSITIONS[action];
  if (!(rule.from as readonly number[]).includes(order.status)) throw refuse(`${rule.refused}: it is ${soStatusText(order.status)}`);
  tx.update(salesOrders).set({ status: rule.to }).where(eq(salesOrders.id, id)).run();
  if (action === "cancel") {
    const pending = pendingAllocationIds(tx, id);
    if (pending.length) tx.delete(salesOrderAllocations).where(inArray(salesOrderAllocations.id, pending)).run();
  }
  return getSalesOrder(tx, id);
}
