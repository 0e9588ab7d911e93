/**
 * The order module's public services: what other modules (and demo data) may import. The rest of
 * the folder is the module's own.
 */
export { type CompanyRow, type LocationRow, type PurchaseLineRow, type PurchaseOrderRow, type SalesLineRow, type SalesOrderRow, type ShipmentRow, type StockItemRow, type SupplierPartRow } from "./lookups.ts";
export { referencePatternError } from "./reference-pattern.ts";
export { PO_OPEN, PO_STATUS_CLASS, SO_OPEN, SO_STATUS_CLASS } from "./status.ts";
export { allocateSalesOrderItems, toAllocations, unallocatedQuantity } from "./allocation.ts";
export { getPurchaseLine, listPurchaseLines, toPurchaseLines } from "./purchase-line.ts";
export { getPurchaseOrder, listPurchaseOrders } from "./purchase-order.ts";
export { receivePurchaseOrderLines } from "./purchase-receive.ts";
export { getSalesLine, listSalesLines, toSalesLines } from "./sales-line.ts";
export { getSalesOrder, listSalesOrders } from "./sales-order.ts";
export { getShipment, listShipments } from "./shipment.ts";
