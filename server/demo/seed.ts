/**
 * The demo dataset (a small electronics workshop, seed-data.ts) and a bulk stock generator for
 * benchmarks. Both write through drizzle in one transaction.
 */
import { count, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { seedCatalog } from "./catalog.ts";
import { seedOrders } from "./orders.ts";
import { seedParameters } from "./parameters.ts";
import { seedStock, seedTestResults } from "./stock.ts";
import { parts, STOCK_STATUS, stockItems, stockLocations, stockTracking, TRACKING } from "../db/schema/index.ts";
import { writeTransaction } from "../db/write.ts";

/** True when the database holds no parts, no locations and no stock: the only state we seed. */
function inventoryIsEmpty(db: Db): boolean {
  const n = (table: typeof parts | typeof stockLocations | typeof stockItems) => db.select({ n: count() }).from(table).get()?.n ?? 0;
  return n(parts) === 0 && n(stockLocations) === 0 && n(stockItems) === 0;
}

/**
 * Seeds the demo dataset into an empty inventory and returns how many rows of each kind it made;
 * null (and no change) when the database already holds parts, locations or stock.
 */
export async function seedDemoData(db: Db): Promise<Record<string, number> | null> {
  return seedDemoDataSync(db);
}

function seedDemoDataSync(db: Db): Record<string, number> | null {
  if (!inventoryIsEmpty(db)) return null;
  return writeTransaction(db, (tx) => {
    const catalog = seedCatalog(tx);
    const stock = seedStock(tx, catalog);
    const test_results = seedTestResults(tx, stock);
    const parameter_count = seedParameters(tx, catalog);
    const { received_stock_items, ...orders } = seedOrders(tx, catalog, stock);
    const tracking = tx.select({ n: count() }).from(stockTracking).get()?.n ?? 0;
    return {
      stock_locations: catalog.locations.size,
      part_categories: catalog.categories.size,
      companies: catalog.companies.size,
      parts: catalog.parts.size,
      supplier_parts: catalog.supplierParts.size,
      stock_items: stock.count + received_stock_items,
      stock_tracking: tracking,
      stock_test_results: test_results,
      parameters: parameter_count,
      ...orders,
    };
  });
}

const BULK_CHUNK = 500;

/**
 * Adds `count` stock items (with their CREATED tracking entries) in one transaction, spread over
 * the existing untracked parts and non-structural locations; seeds the demo catalogue first if
 * the database has none. For benchmarks: rows go in as multi-row inserts of 500.
 * Returns the number of stock items created.
 */
export async function seedBulkStock(db: Db, n: number): Promise<number> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`seedBulkStock: count must be a non-negative integer, got ${n}`);
  if (inventoryIsEmpty(db)) seedDemoDataSync(db);
  const partIds = db.select({ id: parts.id }).from(parts).where(eq(parts.trackable, false)).all().map((r) => r.id);
  const locationIds = db.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.structural, false)).all().map((r) => r.id);
  if (!partIds.length || !locationIds.length) throw new Error("seedBulkStock: no untracked part or non-structural location to put stock in");
  writeTransaction(db, (tx) => {
    for (let start = 0; start < n; start += BULK_CHUNK) {
      const rows = [];
      for (let i = start; i < Math.min(n, start + BULK_CHUNK); i++) {
        rows.push({
          part: partIds[i % partIds.length],
          location: locationIds[(i * 7) % locationIds.length],
          quantity: 1 + (i % 250),
          batch: `BULK-${Math.floor(i / 100)}`,
          status: STOCK_STATUS.OK,
          notes: "",
        });
      }
      const created = tx.insert(stockItems).values(rows).returning({ id: stockItems.id, quantity: stockItems.quantity, location: stockItems.location }).all();
      // A multi-row insert of the same entries writeTrackingEntry would write one by one.
      tx.insert(stockTracking)
        .values(created.map((c) => ({ item: c.id, tracking_type: TRACKING.CREATED, user: null, plugin: null, notes: "Bulk benchmark data", deltas: { quantity: c.quantity, location: c.location, status: STOCK_STATUS.OK } })))
        .run();
    }
  });
  return n;
}
