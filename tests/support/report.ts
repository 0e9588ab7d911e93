/** Report-test helpers: the demo objects each built-in report is printed for, and what they hold. */
import { and, count, eq, inArray, isNull, sum } from "drizzle-orm";
import type { Db } from "../../server/db/client.ts";
import * as s from "../../server/db/schema/index.ts";
import { LocationTree } from "../../server/modules/stock/location-tree.ts";

export interface DemoTargets {
  /** "Warehouse" (structural, with sublocations) and its in-stock item count / quantity. */
  warehouse: number;
  warehouseItems: number;
  warehouseQuantity: number;
  warehouseParts: number;
  shipment: number;
  shipmentAllocations: number;
  /** The stock item with the most test results, its part's distinct tests. */
  testedItem: number;
  testedItemSerial: string | null;
  testNames: string[];
  po: number;
  poReference: string;
  poLines: number;
}

/** Reads the demo dataset for the objects the report tests print. */
export function demoTargets(db: Db): DemoTargets {
  const warehouse = db.select().from(s.stockLocations).where(eq(s.stockLocations.pathstring, "Warehouse")).get()?.id ?? 0;
  const locs = new LocationTree(db.select().from(s.stockLocations).all()).descendants(warehouse, true);
  const inTree = and(inArray(s.stockItems.location, locs), isNull(s.stockItems.customer), isNull(s.stockItems.sales_order), inArray(s.stockItems.status, [10, 50, 55, 85]));
  const agg = db.select({ n: count(), q: sum(s.stockItems.quantity) }).from(s.stockItems).where(inTree).get();
  const parts = db.selectDistinct({ p: s.stockItems.part }).from(s.stockItems).where(inTree).all().length;
  const shipment = db.select().from(s.salesOrderShipments).get()?.id ?? 0;
  const shipmentAllocations = db.select({ n: count() }).from(s.salesOrderAllocations).where(eq(s.salesOrderAllocations.shipment, shipment)).get()?.n ?? 0;
  const tested = db.select({ item: s.stockTestResults.stock_item, n: count() }).from(s.stockTestResults).groupBy(s.stockTestResults.stock_item).all().sort((a, b) => b.n - a.n)[0];
  const item = db.select().from(s.stockItems).where(eq(s.stockItems.id, tested.item)).get();
  const testNames = [
    ...new Set(
      db
        .select({ k: s.stockTestResults.test_key })
        .from(s.stockTestResults)
        .innerJoin(s.stockItems, eq(s.stockItems.id, s.stockTestResults.stock_item))
        .where(eq(s.stockItems.part, item?.part ?? 0))
        .all()
        .map((r) => r.k),
    ),
  ];
  const po = db.select().from(s.purchaseOrders).where(eq(s.purchaseOrders.reference, "PO-0001")).get();
  const poLines = db.select({ n: count() }).from(s.purchaseOrderLines).where(eq(s.purchaseOrderLines.order, po?.id ?? 0)).get()?.n ?? 0;
  return {
    warehouse,
    warehouseItems: agg?.n ?? 0,
    warehouseQuantity: Number(agg?.q ?? 0),
    warehouseParts: parts,
    shipment,
    shipmentAllocations,
    testedItem: tested.item,
    testedItemSerial: item?.serial ?? null,
    testNames,
    po: po?.id ?? 0,
    poReference: po?.reference ?? "",
    poLines,
  };
}
