/**
 * The demo dataset (a small electronics workshop, seed-data.ts) and a bulk stock generator for
 * benchmarks. Both write through the async database, each in one transaction.
 */
import { count, eq } from "drizzle-orm";
import type { Reads, Writes } from "../db/database.ts";
import { lockKey } from "../db/dialect.ts";
import { seedCatalog } from "./catalog.ts";
import { seedOrders } from "./orders.ts";
import { seedParameters } from "./parameters.ts";
import { seedStock, seedTestResults } from "./stock.ts";
import { STOCK_STATUS, TRACKING } from "../db/schema/index.ts";
import { parts, stockItems, stockLocations, stockTracking } from "../db/tables.ts";

/** True when the database holds no parts, no locations and no stock: the only state we seed. */
async function inventoryIsEmpty(db: Reads): Promise<boolean> {
  const n = async (table: typeof parts | typeof stockLocations | typeof stockItems) => (await db.q.select({ n: count() }).from(table))[0]?.n ?? 0;
  return (await n(parts)) === 0 && (await n(stockLocations)) === 0 && (await n(stockItems)) === 0;
}

/**
 * Seeds the demo dataset into an empty inventory and returns how many rows of each kind it made;
 * null (and no change) when the database already holds parts, locations or stock. The emptiness
 * check runs inside the transaction, so two seeds at once cannot both write.
 */
export async function seedDemoData(db: Writes): Promise<Record<string, number> | null> {
  return db.write(async (tx) => {
    // Processes starting together on one PostgreSQL: the second waits here, then finds it seeded.
    await lockKey(tx, "binventory_demo_seed");
    if (!(await inventoryIsEmpty(tx))) return null;
    const catalog = await seedCatalog(tx);
    const stock = await seedStock(tx, catalog);
    const test_results = await seedTestResults(tx, stock);
    const parameter_count = await seedParameters(tx, catalog);
    const { received_stock_items, ...orders } = await seedOrders(tx, catalog, stock);
    const tracking = (await tx.q.select({ n: count() }).from(stockTracking))[0]?.n ?? 0;
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
export async function seedBulkStock(db: Writes, n: number): Promise<number> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`seedBulkStock: count must be a non-negative integer, got ${n}`);
  await seedDemoData(db);
  const partIds = (await db.q.select({ id: parts.id }).from(parts).where(eq(parts.trackable, false))).map((r) => r.id);
  const locationIds = (await db.q.select({ id: stockLocations.id }).from(stockLocations).where(eq(stockLocations.structural, false))).map((r) => r.id);
  if (!partIds.length || !locationIds.length) throw new Error("seedBulkStock: no untracked part or non-structural location to put stock in");
  await db.write(async (tx) => {
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
      const created = await tx.q.insert(stockItems).values(rows).returning({ id: stockItems.id, quantity: stockItems.quantity, location: stockItems.location });
      // A multi-row insert of the same entries writeTrackingEntry would write one by one.
      await tx.q
        .insert(stockTracking)
        .values(created.map((c) => ({ item: c.id, tracking_type: TRACKING.CREATED, user: null, plugin: null, notes: "Bulk benchmark data", deltas: { quantity: c.quantity, location: c.location, status: STOCK_STATUS.OK } })));
    }
  });
  return n;
}
