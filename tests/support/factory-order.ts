/**
 * Order-test data: a supplier with a supplier part, a customer with a salable part, stock to sell.
 * Written straight to the database (see factory.ts) so order tests do not lean on other modules' routes.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../server/db/client.ts";
import * as s from "../../server/db/schema/index.ts";
import { makeCompany, makeLocation, makePart, makeStockItem, makeSupplierPart } from "./factory.ts";

export interface PurchaseSetup {
  supplier: number;
  part: number;
  supplierPart: number;
  location: number;
}

/** A supplier, a part and its supplier part (pack size `pack`), and a stock location. */
export function makePurchaseSetup(db: Db, opts: { pack?: number; trackable?: boolean } = {}): PurchaseSetup {
  const supplier = makeCompany(db, { is_supplier: true });
  const part = makePart(db, { trackable: opts.trackable ?? false });
  const supplierPart = makeSupplierPart(db, { part, supplier, pack_quantity: String(opts.pack ?? 1), pack_quantity_native: opts.pack ?? 1 });
  return { supplier, part, supplierPart, location: makeLocation(db) };
}

export const makePurchaseLine = (db: Db, v: Partial<typeof s.purchaseOrderLines.$inferInsert> & { order: number; part: number }) =>
  db.insert(s.purchaseOrderLines).values({ quantity: 10, ...v }).returning().get().id;

export const makeSalesLine = (db: Db, v: Partial<typeof s.salesOrderLines.$inferInsert> & { order: number; part: number }) =>
  db.insert(s.salesOrderLines).values({ quantity: 10, ...v }).returning().get().id;

export const makeShipment = (db: Db, v: Partial<typeof s.salesOrderShipments.$inferInsert> & { order: number }) =>
  db.insert(s.salesOrderShipments).values({ reference: `S-${Math.random().toString(36).slice(2, 8)}`, ...v }).returning().get().id;

export interface SalesSetup {
  customer: number;
  part: number;
  location: number;
  stock: number;
}

/** A customer, a salable part and one stock item of `quantity` in a location. */
export function makeSalesSetup(db: Db, opts: { quantity?: number } = {}): SalesSetup {
  const customer = makeCompany(db, { is_customer: true, is_supplier: false });
  const part = makePart(db, { salable: true });
  const location = makeLocation(db);
  return { customer, part, location, stock: makeStockItem(db, { part, location, quantity: opts.quantity ?? 10 }) };
}

export const stockItem = (db: Db, id: number) => db.select().from(s.stockItems).where(eq(s.stockItems.id, id)).get();
export const trackingOf = (db: Db, item: number) => db.select().from(s.stockTracking).where(eq(s.stockTracking.item, item)).all();
export const stockOfPart = (db: Db, part: number) => db.select().from(s.stockItems).where(eq(s.stockItems.part, part)).all();
