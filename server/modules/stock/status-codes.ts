import { STOCK_STATUS, TRACKING } from "../../db/schema/stock.ts";

type Color = "success" | "warning" | "danger" | "dark" | "info" | "primary" | "secondary";

interface StatusEntry {
  key: number;
  name: string;
  label: string;
  color: Color;
}

/** InvenTree's StockStatus labels and colours, keyed by the names in STOCK_STATUS. */
const STOCK_STATUS_META: Record<keyof typeof STOCK_STATUS, { label: string; color: Color }> = {
  OK: { label: "OK", color: "success" },
  ATTENTION: { label: "Attention needed", color: "warning" },
  DAMAGED: { label: "Damaged", color: "warning" },
  DESTROYED: { label: "Destroyed", color: "danger" },
  REJECTED: { label: "Rejected", color: "danger" },
  LOST: { label: "Lost", color: "dark" },
  QUARANTINED: { label: "Quarantined", color: "info" },
  RETURNED: { label: "Returned", color: "warning" },
};

/** Every StockStatus code value, for validating `status` fields. */
export const STOCK_STATUS_CODES = Object.values(STOCK_STATUS) as number[];

/** Codes whose items count as "in stock" (InvenTree's StockStatusGroups.AVAILABLE_CODES). */
export const AVAILABLE_STATUS_CODES: number[] = [STOCK_STATUS.OK, STOCK_STATUS.ATTENTION, STOCK_STATUS.DAMAGED, STOCK_STATUS.RETURNED];

const statusLabelByCode = new Map<number, string>(
  (Object.keys(STOCK_STATUS) as (keyof typeof STOCK_STATUS)[]).map((name) => [STOCK_STATUS[name], STOCK_STATUS_META[name].label]),
);

/** The text InvenTree shows for a stock status code (`status_text`). */
export function stockStatusLabel(code: number): string {
  return statusLabelByCode.get(code) ?? String(code);
}

/** InvenTree's StockHistoryCode labels, including codes we do not write yet, so stored entries always read well. */
const TRACKING_LABELS: Record<number, [string, string]> = {
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

/** The text InvenTree shows for a tracking code (`label` of a tracking entry). */
export function trackingLabel(code: number): string {
  return TRACKING_LABELS[code]?.[1] ?? String(code);
}

/** `GET /api/stock/status/` body, shaped like InvenTree's StatusView. */
export function stockStatusClass(): { class: string; values: Record<string, StatusEntry> } {
  const values: Record<string, StatusEntry> = {};
  for (const name of Object.keys(STOCK_STATUS) as (keyof typeof STOCK_STATUS)[]) {
    values[name] = { key: STOCK_STATUS[name], name, ...STOCK_STATUS_META[name] };
  }
  return { class: "StockStatus", values };
}

/** `GET /api/stock/track/status/` body: InvenTree's StockHistoryCode class. */
export function trackingStatusClass(): { class: string; values: Record<string, StatusEntry> } {
  const values: Record<string, StatusEntry> = {};
  for (const [code, [name, label]] of Object.entries(TRACKING_LABELS)) {
    values[name] = { key: Number(code), name, label, color: "secondary" };
  }
  return { class: "StockHistoryCode", values };
}
