/**
 * Order-test data: a supplier with a supplier part, a customer with a salable part, stock to sell.
 * Written straight to the database (see factory.ts) so order tests do not lean on other modules' routes.
 */
import { eq } from "drizzle-orm";
import type { Reads, Writes } from "../../server/db/database.ts";
import * as T from "../../server/db/tables.ts";
import { makeCompany, makeLocation, makePart, makeStockItem, makeSupplierPart } from "./factory.ts";

export interface PurchaseSetup {
  supplier: number;
  part: number;
  supplierPart: number;
  location: number;
}

/** A supplier, a part and its supplier part (pack size `pack`), and a stock location. */
export async function makePurchaseSetup(db: Writes, opts: { pack?: number; trackable?: boolean } = {}): Promise<PurchaseSetup> {
  const supplier = await makeCompany(db, { is_supplier: true });
  const part = await makePart(db, { trackable: opts.trackable ?? false });
  const supplierPart = await makeSupplierPart(db, { part, supplier, pack_quantity: String(opts.pack ?? 1), pack_quantity_native: opts.pack ?? 1 });
  return { supplier, part, supplierPart, location: await makeLocation(db) };
}

export const makePurchaseLine = async (db: Writes, v: Partial<typeof T.purchaseOrderLines.$inferInsert> & { order: number; part: number }) =>
  (await db.write((tx) => tx.q.insert(T.purchaseOrderLines).values({ quantity: 10, ...v }).returning()))[0].id;

export const makeSalesLine = async (db: Writes, v: Partial<typeof T.salesOrderLines.$inferInsert> & { order: number; part: number }) =>
  (await db.write((tx) => tx.q.insert(T.salesOrderLines).values({ quantity: 10, ...v }).returning()))[0].id;

export const makeShipment = async (db: Writes, v: Partial<typeof T.salesOrderShipments.$inferInsert> & { order: number }) =>
  (await db.write((tx) => tx.q.insert(T.salesOrderShipments).values({ reference: `S-${Math.random().toString(36).slice(2, 8)}`, ...v }).returning()))[0].id;

export interface SalesSetup {
  customer: number;
  part: number;
  location: number;
  stock: number;
}

/** A customer, a salable part and one stock item of `quantity` in a location. */
export async function makeSalesSetup(db: Writes, opts: { quantity?: number } = {}): Promise<SalesSetup> {
  const customer = await makeCompany(db, { is_customer: true, is_supplier: false });
  const part = await makePart(db, { salable: true });
  const location = await makeLocation(db);
  return { customer, part, location, stock: await makeStockItem(db, { part, location, quantity: opts.quantity ?? 10 }) };
}

export const stockItem = async (db: Reads, id: number) => (await db.q.select().from(T.stockItems).where(eq(T.stockItems.id, id)))[0];
export const trackingOf = async (db: Reads, item: number) => await db.q.select().from(T.stockTracking).where(eq(T.stockTracking.item, item));
export const stockOfPart = async (db: Reads, part: number) => await db.q.select().from(T.stockItems).where(eq(T.stockItems.part, part));
