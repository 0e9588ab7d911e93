import { PO_OPEN_STATUSES, PO_STATUS, SO_OPEN_STATUSES, SO_STATUS } from "../../db/schema/order.ts";
import { defineStatusClass, type StatusColor } from "../status/service.ts";

/** InvenTree's PurchaseOrderStatus (order/status_codes.py): labels and colours. */
export const PO_STATUS_CLASS = defineStatusClass("PurchaseOrderStatus", {
  PENDING: [PO_STATUS.PENDING, "Pending", "secondary"],
  PLACED: [PO_STATUS.PLACED, "Placed", "primary"],
  ON_HOLD: [PO_STATUS.ON_HOLD, "On Hold", "warning"],
  COMPLETE: [PO_STATUS.COMPLETE, "Complete", "success"],
  CANCELLED: [PO_STATUS.CANCELLED, "Cancelled", "danger"],
  LOST: [PO_STATUS.LOST, "Lost", "warning"],
  RETURNED: [PO_STATUS.RETURNED, "Returned", "warning"],
} satisfies Record<keyof typeof PO_STATUS, readonly [number, string, StatusColor]>);

/** InvenTree's SalesOrderStatus. */
export const SO_STATUS_CLASS = defineStatusClass("SalesOrderStatus", {
  PENDING: [SO_STATUS.PENDING, "Pending", "secondary"],
  IN_PROGRESS: [SO_STATUS.IN_PROGRESS, "In Progress", "primary"],
  SHIPPED: [SO_STATUS.SHIPPED, "Shipped", "primary"],
  ON_HOLD: [SO_STATUS.ON_HOLD, "On Hold", "warning"],
  COMPLETE: [SO_STATUS.COMPLETE, "Complete", "success"],
  CANCELLED: [SO_STATUS.CANCELLED, "Cancelled", "danger"],
  LOST: [SO_STATUS.LOST, "Lost", "warning"],
  RETURNED: [SO_STATUS.RETURNED, "Returned", "warning"],
} satisfies Record<keyof typeof SO_STATUS, readonly [number, string, StatusColor]>);

/** PurchaseOrderStatusGroups.OPEN: the order may still change (defined beside the codes). */
export const PO_OPEN: readonly number[] = PO_OPEN_STATUSES;
/** SalesOrderStatusGroups.OPEN. */
export const SO_OPEN: readonly number[] = SO_OPEN_STATUSES;

/** The two kinds of order whose code the module shares, as InvenTree's PurchaseOrder and SalesOrder. */
export type OrderKind = "purchase" | "sales";
/** The kind's OPEN status group: its orders, lines and extra lines may still change. */
export const openStatuses = (kind: OrderKind): readonly number[] => (kind === "purchase" ? PO_OPEN : SO_OPEN);

export const poStatusText = (status: number): string => PO_STATUS_CLASS.label(status);
export const soStatusText = (status: number): string => SO_STATUS_CLASS.label(status);

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
