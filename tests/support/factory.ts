/**
 * Small builders for test data, written straight to the database so a test of one module does
 * not depend on another module's routes. Each returns the new row's id. They write through the one
 * database interface (`t.services.database`) with the tables bound to the backend in use, so they
 * run on SQLite and on PostgreSQL alike; call them in order (`await` each): ids follow creation order.
 */
import type { Writes } from "../../server/db/database.ts";
import * as T from "../../server/db/tables.ts";

let n = 0;
const next = () => ++n;

export const makeCategory = async (db: Writes, v: Partial<typeof T.partCategories.$inferInsert> = {}) =>
  (await db.write((tx) => tx.q.insert(T.partCategories).values({ name: `Category ${next()}`, ...v }).returning()))[0].id;

export const makePart = async (db: Writes, v: Partial<typeof T.parts.$inferInsert> = {}) =>
  (await db.write((tx) => tx.q.insert(T.parts).values({ name: `Part ${next()}`, ...v }).returning()))[0].id;

export const makeLocation = async (db: Writes, v: Partial<typeof T.stockLocations.$inferInsert> = {}) =>
  (await db.write((tx) => tx.q.insert(T.stockLocations).values({ name: `Location ${next()}`, ...v }).returning()))[0].id;

export const makeStockItem = async (db: Writes, v: Partial<typeof T.stockItems.$inferInsert> & { part: number }) =>
  (await db.write((tx) => tx.q.insert(T.stockItems).values({ quantity: 10, ...v }).returning()))[0].id;

export const makeCompany = async (db: Writes, v: Partial<typeof T.companies.$inferInsert> = {}) =>
  (await db.write((tx) => tx.q.insert(T.companies).values({ name: `Company ${next()}`, ...v }).returning()))[0].id;

export const makeSupplierPart = async (db: Writes, v: Partial<typeof T.supplierParts.$inferInsert> & { part: number; supplier: number }) =>
  (await db.write((tx) => tx.q.insert(T.supplierParts).values({ SKU: `SKU-${next()}`, ...v }).returning()))[0].id;

export const makePurchaseOrder = async (db: Writes, v: Partial<typeof T.purchaseOrders.$inferInsert> & { supplier: number }) =>
  (await db.write((tx) => tx.q.insert(T.purchaseOrders).values({ reference: `PO-${String(next()).padStart(4, "0")}`, ...v }).returning()))[0].id;

export const makeSalesOrder = async (db: Writes, v: Partial<typeof T.salesOrders.$inferInsert> & { customer: number }) =>
  (await db.write((tx) => tx.q.insert(T.salesOrders).values({ reference: `SO-${String(next()).padStart(4, "0")}`, ...v }).returning()))[0].id;
