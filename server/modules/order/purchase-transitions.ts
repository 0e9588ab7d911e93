import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { PO_STATUS, purchaseOrders } from "../../db/schema/order.ts";
import { fieldError, fieldErrors, notFound } from "../../core/errors.ts";
import { findPurchaseOrder } from "./lookups.ts";
import type { PurchaseOrderOut } from "./model.ts";
import { getPurchaseOrder, pendingLineCount } from "./purchase-order.ts";
import { PO_TRANSITIONS, poStatusText } from "./status.ts";
import { today } from "../../core/clock.ts";

export type PurchaseTransition = keyof typeof PO_TRANSITIONS;

/**
 * Moves a purchase order along InvenTree's state machine (issue, hold, cancel, complete).
 * Unlike InvenTree, which silently ignores an impossible transition, this answers 400 saying why.
 */
export function transitionPurchaseOrder(db: Db | DbOrTx, id: number, action: PurchaseTransition, opts: { acceptIncomplete?: boolean } = {}): PurchaseOrderOut {
  const order = findPurchaseOrder(db, id);
  if (!order) throw notFound();
  const rule = PO_TRANSITIONS[action];
  if (action === "complete" && !opts.acceptIncomplete && pendingLineCount(db, id) > 0) {
    throw fieldError("accept_incomplete", "Order has incomplete line items");
  }
  if (!(rule.from as readonly number[]).includes(order.status)) {
    throw fieldErrors({ non_field_errors: [`${rule.refused}: it is ${poStatusText(order.status)}`] });
  }
  const changes: Partial<typeof purchaseOrders.$inferInsert> = { status: rule.to };
  if (rule.to === PO_STATUS.PLACED) changes.issue_date = today();
  if (rule.to === PO_STATUS.COMPLETE) changes.complete_date = today();
  db.update(purchaseOrders).set(changes).where(eq(purchaseOrders.id, id)).run();
  return getPurchaseOrder(db, id);
}
