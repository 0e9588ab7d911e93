import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { companies, supplierParts } from "../../db/schema/company.ts";
import { purchaseOrderLines, purchaseOrders, salesOrderLines, salesOrders, salesOrderShipments } from "../../db/schema/order.ts";
import { parts } from "../../db/schema/part.ts";
import { stockItems, stockLocations } from "../../db/schema/stock.ts";

/** Single-row lookups by primary key, shared by the order services; each returns undefined when absent. */
export const findCompany = (db: DbOrTx, id: number) => db.select().from(companies).where(eq(companies.id, id)).get();
export const findPart = (db: DbOrTx, id: number) => db.select().from(parts).where(eq(parts.id, id)).get();
export const findSupplierPart = (db: DbOrTx, id: number) => db.select().from(supplierParts).where(eq(supplierParts.id, id)).get();
export const findLocation = (db: DbOrTx, id: number) => db.select().from(stockLocations).where(eq(stockLocations.id, id)).get();
export const findStockItem = (db: DbOrTx, id: number) => db.select().from(stockItems).where(eq(stockItems.id, id)).get();
export const findPurchaseOrder = (db: DbOrTx, id: number) => db.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).get();
export const findPurchaseLine = (db: DbOrTx, id: number) => db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.id, id)).get();
export const findSalesOrder = (db: DbOrTx, id: number) => db.select().from(salesOrders).where(eq(salesOrders.id, id)).get();
export const findSalesLine = (db: DbOrTx, id: number) => db.select().from(salesOrderLines).where(eq(salesOrderLines.id, id)).get();
export const findShipment = (db: DbOrTx, id: number) => db.select().from(salesOrderShipments).where(eq(salesOrderShipments.id, id)).get();

export type CompanyRow = typeof companies.$inferSelect;
type PartRow = typeof parts.$inferSelect;
export type SupplierPartRow = typeof supplierParts.$inferSelect;
export type LocationRow = typeof stockLocations.$inferSelect;
export type StockItemRow = typeof stockItems.$inferSelect;
export type PurchaseOrderRow = typeof purchaseOrders.$inferSelect;
export type PurchaseLineRow = typeof purchaseOrderLines.$inferSelect;
export type SalesOrderRow = typeof salesOrders.$inferSelect;
export type SalesLineRow = typeof salesOrderLines.$inferSelect;
export type ShipmentRow = typeof salesOrderShipments.$inferSelect;
