import { eq } from "drizzle-orm";
import type { Writes } from "../../db/database.ts";
import { PO_STATUS } from "../../db/schema/order.ts";
import { fieldError, fieldErrors, notFound } from "../../core/errors.ts";
import type { PurchaseOrderOut } from "./model.ts";
import { getPurchaseOrder, pendingLineCount } from "./purchase-order.ts";
import { PO_TRANSITIONS, poStatusText } from "./status.ts";
import { today } from "../../core/clock.ts";
import { purchaseOrders } from "../../db/tables.ts";
import { lockPurchaseOrder } from "./locks.ts";

export type PurchaseTransition = keyof typeof PO_TRANSITIONS;

/**
 * Moves a purchase order along InvenTree's state machine (issue, hold, cancel, complete), in one
 * transaction with its checks. Unlike InvenTree, which silently ignores an impossible transition,
 * this answers 400 saying why.
 */
export function transitionPurchaseOrder(db: Writes, id: number, action: PurchaseTransition, opts: { acceptIncomplete?: boolean } = {}): Promise<PurchaseOrderOut> {
  return db.write(async (tx) => {
    const order = await lockPurchaseOrder(tx, id);
    if (!order) throw notFound();
    const rule = PO_TRANSITIONS[action];
    if (action === "complete" && !opts.acceptIncomplete && (await pendingLineCount(tx, id)) > 0) {
      throw fieldError("accept_incomplete", "Order has incomplete line items");
    }
    if (!(rule.from as readonly number[]).includes(order.status)) {
      throw fieldErrors({ non_field_errors: [`${rule.refused}: it is ${poStatusText(order.status)}`] });
    }
    const changes: Partial<typeof purchaseOrders.$inferInsert> = { status: rule.to };
    if (rule.to === PO_STATUS.PLACED) changes.issue_date = today();
    if (rule.to === PO_STATUS.COMPLETE) changes.complete_date = today();
    await tx.q.update(purchaseOrders).set(changes).where(eq(purchaseOrders.id, id));
    return await getPurchaseOrder(tx, id);
  });
}
