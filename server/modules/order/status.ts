import { PO_STATUS, SO_STATUS } from "../../db/schema/order.ts";

/** InvenTree's labels for PurchaseOrderStatus codes (`status_text`). */
const PO_LABELS: Record<number, string> = {
  [PO_STATUS.PENDING]: "Pending",
  [PO_STATUS.PLACED]: "Placed",
  [PO_STATUS.ON_HOLD]: "On Hold",
  [PO_STATUS.COMPLETE]: "Complete",
  [PO_STATUS.CANCELLED]: "Cancelled",
  [PO_STATUS.LOST]: "Lost",
  [PO_STATUS.RETURNED]: "Returned",
};

/** InvenTree's labels for SalesOrderStatus codes. */
const SO_LABELS: Record<number, string> = {
  [SO_STATUS.PENDING]: "Pending",
  [SO_STATUS.IN_PROGRESS]: "In Progress",
  [SO_STATUS.SHIPPED]: "Shipped",
  [SO_STATUS.ON_HOLD]: "On Hold",
  [SO_STATUS.COMPLETE]: "Complete",
  [SO_STATUS.CANCELLED]: "Cancelled",
  [SO_STATUS.LOST]: "Lost",
  [SO_STATUS.RETURNED]: "Returned",
};

/** PurchaseOrderStatusGroups.OPEN: the order may still change. */
export const PO_OPEN: readonly number[] = [PO_STATUS.PENDING, PO_STATUS.PLACED, PO_STATUS.ON_HOLD];
/** SalesOrderStatusGroups.OPEN. */
export const SO_OPEN: readonly number[] = [SO_STATUS.PENDING, SO_STATUS.ON_HOLD, SO_STATUS.IN_PROGRESS];

export const poStatusText = (status: number): string => PO_LABELS[status] ?? String(status);
export const soStatusText = (status: number): string => SO_LABELS[status] ?? String(status);

/** The statuses each purchase-order transition starts from, as InvenTree's can_issue/can_hold/can_cancel. */
export const PO_TRANSITIONS = {
  issue: { from: [PO_STATUS.PENDING, PO_STATUS.ON_HOLD], to: PO_STATUS.PLACED, refused: "Order cannot be issued" },
  hold: { from: [PO_STATUS.PENDING, PO_STATUS.PLACED], to: PO_STATUS.ON_HOLD, refused: "Order cannot be placed on hold" },
  cancel: { from: PO_OPEN, to: PO_STATUS.CANCELLED, refused: "Order cannot be cancelled" },
  // InvenTree's _action_complete only acts on a PLACED order.
  complete: { from: [PO_STATUS.PLACED], to: PO_STATUS.COMPLETE, refused: "Order cannot be completed" },
} as const;

export const SO_TRANSITIONS = {
  issue: { from: [SO_STATUS.PENDING, SO_STATUS.ON_HOLD], to: SO_STATUS.IN_PROGRESS, refused: "Order cannot be issued" },
  hold: { from: [SO_STATUS.PENDING, SO_STATUS.IN_PROGRESS], to: SO_STATUS.ON_HOLD, refused: "Order cannot be placed on hold" },
  cancel: { from: SO_OPEN, to: SO_STATUS.CANCELLED, refused: "Order cannot be cancelled" },
} as const;

/** Today's date as InvenTree stores DateFields. */
export const today = (): string => new Date().toISOString().slice(0, 10);
