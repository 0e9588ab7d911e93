import { and, count, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { SO_STATUS } from "../../db/schema/order.ts";
import { fieldError, fieldErrors, notFound } from "../../core/errors.ts";
import type { SalesOrderOut } from "./model.ts";
import { getSalesOrder, pendingShipmentCount } from "./sales-order.ts";
import { globalBool } from "../settings/service.ts";
import { SO_OPEN, SO_TRANSITIONS, soStatusText } from "./status.ts";
import { today } from "../../core/clock.ts";
import { lockSalesOrder } from "./locks.ts";
import { parts, salesOrderAllocations, salesOrderLines, salesOrders, salesOrderShipments } from "../../db/tables.ts";

export type SalesTransition = keyof typeof SO_TRANSITIONS | "complete";

const refuse = (message: string) => fieldErrors({ non_field_errors: [message] });

/** Allocations of the order not yet shipped: no shipment, or a shipment still pending. */
async function pendingAllocationIds(db: Reads, orderId: number): Promise<number[]> {
  const rows = await db.q
    .select({ id: salesOrderAllocations.id })
    .from(salesOrderAllocations)
    .innerJoin(salesOrderLines, eq(salesOrderLines.id, salesOrderAllocations.line))
    .leftJoin(salesOrderShipments, eq(salesOrderShipments.id, salesOrderAllocations.shipment))
    .where(and(eq(salesOrderLines.order, orderId), or(isNull(salesOrderAllocations.shipment), isNull(salesOrderShipments.shipment_date))));
  return rows.map((r) => r.id);
}

/** Lines (of non-virtual parts) shipped short of their quantity. */
async function pendingLineCount(db: Reads, orderId: number): Promise<number> {
  const [row] = await db.q
    .select({ n: count() })
    .from(salesOrderLines)
    .innerJoin(parts, eq(parts.id, salesOrderLines.part))
    .where(and(eq(salesOrderLines.order, orderId), eq(parts.virtual, false), sql`${salesOrderLines.shipped} < ${salesOrderLines.quantity}`));
  return row?.n ?? 0;
}

/**
 * Moves a sales order along InvenTree's state machine. `complete` follows SalesOrder.ship_order:
 * an open order becomes SHIPPED (COMPLETE with SALESORDER_SHIP_COMPLETE), a SHIPPED one COMPLETE.
 * Cancelling drops the allocations not yet shipped. Impossible transitions answer 400.
 */
export function transitionSalesOrder(db: Writes, id: number, action: SalesTransition, opts: { acceptIncomplete?: boolean } = {}): Promise<SalesOrderOut> {
  return db.write(async (tx) => {
    const order = await lockSalesOrder(tx, id);
    if (!order) throw notFound();
    if (action === "complete") {
      if (!opts.acceptIncomplete && (await pendingLineCount(tx, id)) > 0) throw fieldError("accept_incomplete", "Order has incomplete line items");
      if (order.status === SO_STATUS.COMPLETE) throw refuse("Order is already complete");
      if (order.status === SO_STATUS.CANCELLED) throw refuse("Order is already cancelled");
      if (!SO_OPEN.includes(order.status) && order.status !== SO_STATUS.SHIPPED) throw refuse(`Order cannot be completed: it is ${soStatusText(order.status)}`);
      if ((await pendingShipmentCount(tx, id)) > 0) throw refuse("Order cannot be completed as there are incomplete shipments");
      if ((await pendingAllocationIds(tx, id)).length > 0) throw refuse("Order cannot be completed as there are incomplete allocations");
      // Virtual parts are never shipped, so they count as delivered once the order completes.
      const virtualLines = (
        await tx.q
          .select({ id: salesOrderLines.id })
          .from(salesOrderLines)
          .innerJoin(parts, eq(parts.id, salesOrderLines.part))
          .where(and(eq(salesOrderLines.order, id), eq(parts.virtual, true)))
      ).map((r) => r.id);
      if (virtualLines.length) await tx.q.update(salesOrderLines).set({ shipped: sql`${salesOrderLines.quantity}` }).where(inArray(salesOrderLines.id, virtualLines));
      const direct = await globalBool(tx, "SALESORDER_SHIP_COMPLETE");
      const status = direct || order.status === SO_STATUS.SHIPPED ? SO_STATUS.COMPLETE : SO_STATUS.SHIPPED;
      await tx.q.update(salesOrders).set({ status, shipment_date: order.shipment_date ?? today() }).where(eq(salesOrders.id, id));
      return await getSalesOrder(tx, id);
    }
    const rule = SO_TRANSITIONS[action];
    if (!(rule.from as readonly number[]).includes(order.status)) throw refuse(`${rule.refused}: it is ${soStatusText(order.status)}`);
    await tx.q.update(salesOrders).set({ status: rule.to }).where(eq(salesOrders.id, id));
    if (action === "cancel") {
      const pending = await pendingAllocationIds(tx, id);
      if (pending.length) await tx.q.delete(salesOrderAllocations).where(inArray(salesOrderAllocations.id, pending));
    }
    return await getSalesOrder(tx, id);
  });
}
