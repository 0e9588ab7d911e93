import type { Reads } from "../../db/database.ts";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { companies, parts, purchaseOrderLines, purchaseOrders, salesOrderLines, salesOrders, salesOrderShipments, stockItems, stockLocations, supplierParts } from "../../db/tables.ts";

/** Single-row lookups by primary key, shared by the order services; each returns undefined when absent. */
export const findCompany = async (db: Reads, id: number) => (await db.q.select().from(companies).where(eq(companies.id, id)).limit(1))[0];
export const findPart = async (db: Reads, id: number) => (await db.q.select().from(parts).where(eq(parts.id, id)).limit(1))[0];
export const findSupplierPart = async (db: Reads, id: number) => (await db.q.select().from(supplierParts).where(eq(supplierParts.id, id)).limit(1))[0];
export const findLocation = async (db: Reads, id: number) => (await db.q.select().from(stockLocations).where(eq(stockLocations.id, id)).limit(1))[0];
export const findStockItem = async (db: Reads, id: number) => (await db.q.select().from(stockItems).where(eq(stockItems.id, id)).limit(1))[0];
export const findPurchaseOrder = async (db: Reads, id: number) => (await db.q.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).limit(1))[0];
export const findPurchaseLine = async (db: Reads, id: number) => (await db.q.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.id, id)).limit(1))[0];
export const findSalesOrder = async (db: Reads, id: number) => (await db.q.select().from(salesOrders).where(eq(salesOrders.id, id)).limit(1))[0];
export const findSalesLine = async (db: Reads, id: number) => (await db.q.select().from(salesOrderLines).where(eq(salesOrderLines.id, id)).limit(1))[0];
export const findShipment = async (db: Reads, id: number) => (await db.q.select().from(salesOrderShipments).where(eq(salesOrderShipments.id, id)).limit(1))[0];

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
