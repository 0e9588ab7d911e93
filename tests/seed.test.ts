import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, count, eq } from "drizzle-orm";
import { openServices, prepareDatabase } from "../server/bootstrap.ts";
import { loadConfig } from "../server/core/config.ts";
import { type OpenDb, openDatabase } from "../server/db/client.ts";
import type { Database } from "../server/db/database.ts";
import { openSqliteDatabase } from "../server/db/sqlite-database.ts";
import * as s from "../server/db/schema/index.ts";
import { seedBulkStock, seedDemoData } from "../server/demo/seed.ts";
import { makeTestApp } from "./support/app.ts";
import { makeLocation, makePart } from "./support/factory.ts";

/** A fresh migrated database in a temporary file, with the async database over it (seeding writes through that). */
type Both = OpenDb & { database: Database };
function openBoth(): Both {
  const dir = mkdtempSync(join(tmpdir(), "binventory-seed-db-"));
  const opened = openDatabase(join(dir, "db.sqlite"));
  const database = openSqliteDatabase(join(dir, "db.sqlite"));
  return {
    ...opened,
    database,
    close: () => {
      database.close();
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The dataset's own checks read a SQLite file row by row (the synchronous handle), and the startup
 * checks serve from SQLite files: on the PostgreSQL pass, whose process has its tables bound to
 * PostgreSQL (db/tables.ts), they are skipped; the API check at the end seeds a test app's own
 * database and runs on both.
 */
const describeOnSqlite = process.env.BINVENTORY_TEST_DATABASE === "postgres" ? describe.skip : describe;

let demo: Both;
let counts: Record<string, number> | null;

type Counted = typeof s.parts | typeof s.stockItems | typeof s.stockLocations | typeof s.partCategories | typeof s.companies | typeof s.supplierParts | typeof s.stockTracking | typeof s.stockTestResults | typeof s.purchaseOrderLines | typeof s.salesOrderLines | typeof s.salesOrderAllocations | typeof s.parameters;
const countOf = (d: OpenDb, table: Counted): number => d.db.select({ n: count() }).from(table).get()?.n ?? 0;
const rows = (table: Counted) => countOf(demo, table);

describeOnSqlite("demo dataset", () => {
  beforeAll(async () => {
    demo = openBoth();
    counts = await seedDemoData(demo.database);
  });
  afterAll(() => demo.close());
  test("returns the counts of what it created, and they match the tables", () => {
    expect(counts).not.toBeNull();
    const c = counts as Record<string, number>;
    expect(c).toEqual({
      stock_locations: rows(s.stockLocations),
      part_categories: rows(s.partCategories),
      companies: rows(s.companies),
      parts: rows(s.parts),
      supplier_parts: rows(s.supplierParts),
      stock_items: rows(s.stockItems),
      stock_tracking: rows(s.stockTracking),
      stock_test_results: rows(s.stockTestResults),
      parameters: rows(s.parameters),
      purchase_orders: 2,
      purchase_order_lines: rows(s.purchaseOrderLines),
      sales_orders: 1,
      sales_order_lines: rows(s.salesOrderLines),
      sales_order_shipments: 1,
      sales_order_allocations: rows(s.salesOrderAllocations),
    });
    expect(c.parts).toBeGreaterThanOrEqual(35);
    expect(c.stock_items).toBeGreaterThanOrEqual(200);
    expect(c.stock_items).toBeLessThanOrEqual(300);
    expect(c.stock_test_results).toBeGreaterThan(0);
    expect(c.parameters).toBeGreaterThan(0);
  });

  test("category and location trees have consistent pathstrings", () => {
    for (const table of [s.partCategories, s.stockLocations] as const) {
      const all = demo.db.select({ id: table.id, name: table.name, parent: table.parent, pathstring: table.pathstring }).from(table).all();
      const byId = new Map(all.map((r) => [r.id, r]));
      for (const r of all) {
        const parent = r.parent === null ? undefined : byId.get(r.parent);
        expect(r.pathstring).toBe(parent ? `${parent.pathstring}/${r.name}` : r.name);
      }
    }
    const cats = demo.db.select({ p: s.partCategories.pathstring }).from(s.partCategories).all().map((r) => r.p);
    expect(cats).toEqual(expect.arrayContaining(["Electronics/Passives/Resistors", "Electronics/Passives/Capacitors", "Electronics/ICs/Microcontrollers", "Mechanical/Fasteners"]));
    const locs = demo.db.select({ p: s.stockLocations.pathstring }).from(s.stockLocations).all().map((r) => r.p);
    expect(locs).toEqual(expect.arrayContaining(["Warehouse/Shelf A/Bin 1", "Lab", "Shipping"]));
  });

  test("every stock item has a CREATED tracking entry", () => {
    const items = demo.db.select({ id: s.stockItems.id }).from(s.stockItems).all();
    const created = new Set(
      demo.db.select({ item: s.stockTracking.item }).from(s.stockTracking).where(eq(s.stockTracking.tracking_type, s.TRACKING.CREATED)).all().map((r) => r.item),
    );
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((i) => !created.has(i.id))).toEqual([]);
  });

  test("parts have IPNs; stock is serialised, batched and in several statuses", () => {
    const parts = demo.db.select().from(s.parts).all();
    expect(parts.every((p) => p.IPN !== "")).toBe(true);
    expect(new Set(parts.map((p) => p.IPN)).size).toBe(parts.length);
    expect(parts.some((p) => p.units !== "")).toBe(true);
    const items = demo.db.select().from(s.stockItems).all();
    expect(items.filter((i) => i.serial !== null).length).toBeGreaterThanOrEqual(10);
    expect(items.filter((i) => i.batch !== "").length).toBeGreaterThanOrEqual(50);
    expect(new Set(items.map((i) => i.status)).size).toBeGreaterThanOrEqual(4);
    // Serials are unique per part, as InvenTree requires.
    const serials = items.filter((i) => i.serial !== null).map((i) => `${i.part}:${i.serial}`);
    expect(new Set(serials).size).toBe(serials.length);
  });

  test("suppliers carry real-looking SKUs and MPNs", () => {
    const sps = demo.db.select({ SKU: s.supplierParts.SKU, MPN: s.supplierParts.MPN, supplier: s.companies.name }).from(s.supplierParts).innerJoin(s.companies, eq(s.companies.id, s.supplierParts.supplier)).all();
    const bySku = new Map(sps.map((r) => [r.SKU, r]));
    expect(bySku.get("311-10.0KCRCT-ND")?.supplier).toBe("DigiKey");
    expect(bySku.get("C25804")?.supplier).toBe("LCSC");
    expect(bySku.get("603-RC0603FR-0710KL")).toMatchObject({ supplier: "Mouser Electronics", MPN: "RC0603FR-0710KL" });
    expect(sps.some((r) => r.supplier === "TME")).toBe(true);
    const customers = demo.db.select().from(s.companies).where(eq(s.companies.is_customer, true)).all();
    expect(customers.length).toBe(2);
  });

  test("the placed purchase order is partly received, and its received stock points back to it", () => {
    const po = demo.db.select().from(s.purchaseOrders).where(eq(s.purchaseOrders.status, s.PO_STATUS.PLACED)).get();
    expect(po).toBeDefined();
    const lines = demo.db.select().from(s.purchaseOrderLines).where(eq(s.purchaseOrderLines.order, po?.id ?? -1)).all();
    expect(lines.some((l) => l.received === l.quantity)).toBe(true);
    expect(lines.some((l) => l.received > 0 && l.received < l.quantity)).toBe(true);
    expect(lines.some((l) => l.received === 0)).toBe(true);
    const received = demo.db.select().from(s.stockItems).where(eq(s.stockItems.purchase_order, po?.id ?? -1)).all();
    expect(received.reduce((a, i) => a + i.quantity, 0)).toBe(lines.reduce((a, l) => a + l.received, 0));
  });

  test("the sales order has a shipment with serialised items allocated to it", () => {
    const shipments = demo.db.select().from(s.salesOrderShipments).all();
    expect(shipments.length).toBe(1);
    const allocations = demo.db.select().from(s.salesOrderAllocations).where(eq(s.salesOrderAllocations.shipment, shipments[0].id)).all();
    expect(allocations.length).toBeGreaterThan(0);
    for (const a of allocations) {
      const item = demo.db.select().from(s.stockItems).where(eq(s.stockItems.id, a.item)).get();
      expect(item?.serial).not.toBeNull();
      expect(item?.status).toBe(s.STOCK_STATUS.OK);
    }
  });

  test("test results belong to a serialised item", () => {
    const results = demo.db.select({ serial: s.stockItems.serial, key: s.stockTestResults.test_key }).from(s.stockTestResults).innerJoin(s.stockItems, eq(s.stockItems.id, s.stockTestResults.stock_item)).all();
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.serial !== null && /^[a-z0-9]+$/.test(r.key))).toBe(true);
  });

  test("is deterministic: a second fresh database gets the same stock", async () => {
    const other = openBoth();
    try {
      expect(await seedDemoData(other.database)).toEqual(counts);
      const pick = (d: OpenDb) =>
        d.db
          .select({ part: s.stockItems.part, location: s.stockItems.location, quantity: s.stockItems.quantity, serial: s.stockItems.serial, batch: s.stockItems.batch, status: s.stockItems.status })
          .from(s.stockItems)
          .orderBy(asc(s.stockItems.id))
          .all();
      expect(pick(other)).toEqual(pick(demo));
    } finally {
      other.close();
    }
  });

  test("seeding again changes nothing", async () => {
    const before = rows(s.stockItems);
    expect(await seedDemoData(demo.database)).toBeNull();
    expect(rows(s.stockItems)).toBe(before);
  });
});

describeOnSqlite("seeding is skipped on a non-empty database", () => {
  test("one location is enough to skip", async () => {
    const d = openBoth();
    await makeLocation(d.database);
    expect(await seedDemoData(d.database)).toBeNull();
    expect(countOf(d, s.parts)).toBe(0);
    d.close();
  });
  test("one part is enough to skip", async () => {
    const d = openBoth();
    await makePart(d.database);
    expect(await seedDemoData(d.database)).toBeNull();
    expect(countOf(d, s.stockLocations)).toBe(0);
    d.close();
  });
});

describeOnSqlite("BINVENTORY_DEMO at startup", () => {
  const dir = mkdtempSync(join(tmpdir(), "binventory-seed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const start = async (name: string, demoFlag: string) => {
    const services = await openServices(loadConfig({ BINVENTORY_DB: join(dir, `${name}.sqlite`), BINVENTORY_LOG_LEVEL: "silent", BINVENTORY_DEMO: demoFlag, BINVENTORY_ADMIN_USER: "admin", BINVENTORY_ADMIN_PASSWORD: "admin-password" }));
    await prepareDatabase(services);
    const parts = services.db.select({ n: count() }).from(s.parts).get()?.n ?? 0;
    services.close();
    return parts;
  };
  test("BINVENTORY_DEMO=0 skips the demo data", async () => {
    expect(await start("off", "0")).toBe(0);
  });
  test("BINVENTORY_DEMO=1 seeds it", async () => {
    expect(await start("on", "1")).toBe(counts?.parts ?? -1);
  });
});

describeOnSqlite("seedBulkStock", () => {
  test("adds exactly `count` items, each with a CREATED entry, on top of the demo data", async () => {
    const d = openBoth();
    try {
      expect(await seedBulkStock(d.database, 1234)).toBe(1234);
      const items = countOf(d, s.stockItems);
      expect(items).toBe(1234 + (counts?.stock_items ?? 0));
      const created = d.db.select({ n: count() }).from(s.stockTracking).where(eq(s.stockTracking.tracking_type, s.TRACKING.CREATED)).get()?.n;
      expect(created).toBe(items);
    } finally {
      d.close();
    }
  });
  test("rejects a negative count", async () => {
    const d = openBoth();
    await expect(seedBulkStock(d.database, -1)).rejects.toThrow("non-negative");
    d.close();
  });
});

describe("the demo data through the API", () => {
  test("every list route serves all of it (no row the modules reject)", async () => {
    const t = await makeTestApp();
    try {
      const counts = await seedDemoData(t.services.database);
      expect(counts).not.toBeNull();
      const expected: [string, number][] = [
        ["/api/part/category/", counts?.part_categories ?? -1],
        ["/api/part/", counts?.parts ?? -1],
        ["/api/stock/location/", counts?.stock_locations ?? -1],
        ["/api/stock/", counts?.stock_items ?? -1],
        ["/api/company/", counts?.companies ?? -1],
        ["/api/company/part/", counts?.supplier_parts ?? -1],
        ["/api/order/po/", 2],
        ["/api/order/so/", 1],
      ];
      for (const [path, n] of expected) {
        const r = await t.call("GET", `${path}?limit=1`, undefined, "readonly");
        expect({ path, status: r.status, count: r.body?.count }).toEqual({ path, status: 200, count: n });
      }
      const sku = await t.call("GET", "/api/company/part/?search=311-10.0KCRCT-ND", undefined, "readonly");
      expect(sku.body.map((p: { SKU: string }) => p.SKU)).toContain("311-10.0KCRCT-ND");
    } finally {
      t.close();
    }
  });
});
