import { STOCK_STATUS, TRACKING } from "../../db/schema/stock.ts";
import { defineStatusClass, type StatusColor } from "../status/service.ts";

/** InvenTree's StockStatus (stock/status_codes.py): codes from STOCK_STATUS, labels and colours. */
const STOCK_STATUS_CLASS = defineStatusClass("StockStatus", {
  OK: [STOCK_STATUS.OK, "OK", "success"],
  ATTENTION: [STOCK_STATUS.ATTENTION, "Attention needed", "warning"],
  DAMAGED: [STOCK_STATUS.DAMAGED, "Damaged", "warning"],
  DESTROYED: [STOCK_STATUS.DESTROYED, "Destroyed", "danger"],
  REJECTED: [STOCK_STATUS.REJECTED, "Rejected", "danger"],
  LOST: [STOCK_STATUS.LOST, "Lost", "dark"],
  QUARANTINED: [STOCK_STATUS.QUARANTINED, "Quarantined", "info"],
  RETURNED: [STOCK_STATUS.RETURNED, "Returned", "warning"],
} satisfies Record<keyof typeof STOCK_STATUS, readonly [number, string, StatusColor]>);

/** Every StockStatus code value, for validating `status` fields. */
export const STOCK_STATUS_CODES = Object.values(STOCK_STATUS) as number[];

/** Codes whose items count as "in stock" (InvenTree's StockStatusGroups.AVAILABLE_CODES). */
export const AVAILABLE_STATUS_CODES: number[] = [STOCK_STATUS.OK, STOCK_STATUS.ATTENTION, STOCK_STATUS.DAMAGED, STOCK_STATUS.RETURNED];

/** The text InvenTree shows for a stock status code (`status_text`). */
export const stockStatusLabel = (code: number): string => STOCK_STATUS_CLASS.label(code);

/** InvenTree's StockHistoryCode labels, including codes we do not write yet, so stored entries always read well. */
const TRACKING_LABELS: Record<number, readonly [string, string]> = {
  0: ["LEGACY", "Legacy stock tracking entry"],
  1: ["CREATED", "Stock item created"],
  5: ["EDITED", "Edited stock item"],
  6: ["ASSIGNED_SERIAL", "Assigned serial number"],
  10: ["STOCK_COUNT", "Stock counted"],
  11: ["STOCK_ADD", "Stock manually added"],
  12: ["STOCK_REMOVE", "Stock manually removed"],
  13: ["STOCK_SERIZALIZED", "Serialized stock items"],
  15: ["RETURNED_TO_STOCK", "Returned to stock"],
  20: ["STOCK_MOVE", "Location changed"],
  25: ["STOCK_UPDATE", "Stock updated"],
  30: ["INSTALLED_INTO_ASSEMBLY", "Installed into assembly"],
  31: ["REMOVED_FROM_ASSEMBLY", "Removed from assembly"],
  35: ["INSTALLED_CHILD_ITEM", "Installed component item"],
  36: ["REMOVED_CHILD_ITEM", "Removed component item"],
  40: ["SPLIT_FROM_PARENT", "Split from parent item"],
  42: ["SPLIT_CHILD_ITEM", "Split child item"],
  45: ["MERGED_STOCK_ITEMS", "Merged stock items"],
  48: ["CONVERTED_TO_VARIANT", "Converted to variant"],
  50: ["BUILD_OUTPUT_CREATED", "Build order output created"],
  55: ["BUILD_OUTPUT_COMPLETED", "Build order output completed"],
  56: ["BUILD_OUTPUT_REJECTED", "Build order output rejected"],
  57: ["BUILD_CONSUMED", "Consumed by build order"],
  60: ["SHIPPED_AGAINST_SALES_ORDER", "Shipped against Sales Order"],
  70: ["RECEIVED_AGAINST_PURCHASE_ORDER", "Received against Purchase Order"],
  80: ["RETURNED_AGAINST_RETURN_ORDER", "Returned against Return Order"],
  [TRACKING.PLUGIN_ADJUSTMENT]: ["PLUGIN_ADJUSTMENT", "Adjusted by plugin"],
  100: ["SENT_TO_CUSTOMER", "Sent to customer"],
  105: ["RETURNED_FROM_CUSTOMER", "Returned from customer"],
};

/** InvenTree's StockHistoryCode class (every entry has InvenTree's default colour, secondary). */
const TRACKING_STATUS_CLASS = defineStatusClass(
  "StockHistoryCode",
  Object.fromEntries(Object.entries(TRACKING_LABELS).map(([code, [name, label]]) => [name, [Number(code), label] as const])),
);

/** The text InvenTree shows for a tracking code (`label` of a tracking entry). */
export const trackingLabel = (code: number): string => TRACKING_STATUS_CLASS.label(code);

/** `GET /api/stock/status/` body, shaped like InvenTree's StatusView. */
export const stockStatusClass = () => STOCK_STATUS_CLASS.body();

/** `GET /api/stock/track/status/` body: InvenTree's StockHistoryCode class. */
export const trackingStatusClass = () => TRACKING_STATUS_CLASS.body();
