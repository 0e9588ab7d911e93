/**
 * Small builders for test data, written straight to the database so a test of one module does
 * not depend on another module's routes. Each returns the new row's id.
 */
import type { Db } from "../../server/db/client.ts";
import * as s from "../../server/db/schema/index.ts";

let n = 0;
const next = () => ++n;

export const makeCategory = (db: Db, v: Partial<typeof s.partCategories.$inferInsert> = {}) =>
  db.insert(s.partCategories).values({ name: `Category ${next()}`, ...v }).returning().get().id;

export const makePart = (db: Db, v: Partial<typeof s.parts.$inferInsert> = {}) =>
  db.insert(s.parts).values({ name: `Part ${next()}`, ...v }).returning().get().id;

export const makeLocation = (db: Db, v: Partial<typeof s.stockLocations.$inferInsert> = {}) =>
  db.insert(s.stockLocations).values({ name: `Location ${next()}`, ...v }).returning().get().id;

export const makeStockItem = (db: Db, v: Partial<typeof s.stockItems.$inferInsert> & { part: number }) =>
  db.insert(s.stockItems).values({ quantity: 10, ...v }).returning().get().id;

export const makeCompany = (db: Db, v: Partial<typeof s.companies.$inferInsert> = {}) =>
  db.insert(s.companies).values({ name: `Company ${next()}`, ...v }).returning().get().id;

export const makeSupplierPart = (db: Db, v: Partial<typeof s.supplierParts.$inferInsert> & { part: number; supplier: number }) =>
  db.insert(s.supplierParts).values({ SKU: `SKU-${next()}`, ...v }).returning().get().id;

export const makePurchaseOrder = (db: Db, v: Partial<typeof s.purchaseOrders.$inferInsert> & { supplier: number }) =>
  db.insert(s.purchaseOrders).values({ reference: `PO-${String(next()).padStart(4, "0")}`, ...v }).returning().get().id;

export const makeSalesOrder = (db: Db, v: Partial<typeof s.salesOrders.$inferInsert> & { customer: number }) =>
  db.insert(s.salesOrders).values({ reference: `SO-${String(next()).padStart(4, "0")}`, ...v }).returning().get().id;
