/** Report-test helpers: the demo objects each built-in report is printed for, and what they hold. */
import { and, count, eq, inArray, isNull, sum } from "drizzle-orm";
import type { Reads } from "../../server/db/database.ts";
import * as T from "../../server/db/tables.ts";
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
export async function demoTargets(db: Reads): Promise<DemoTargets> {
  const warehouse = (await db.q.select().from(T.stockLocations).where(eq(T.stockLocations.pathstring, "Warehouse")))[0]?.id ?? 0;
  const locs = new LocationTree(await db.q.select().from(T.stockLocations)).descendants(warehouse, true);
  const inTree = and(inArray(T.stockItems.location, locs), isNull(T.stockItems.customer), isNull(T.stockItems.sales_order), inArray(T.stockItems.status, [10, 50, 55, 85]));
  const [agg] = await db.q.select({ n: count(), q: sum(T.stockItems.quantity) }).from(T.stockItems).where(inTree);
  const parts = (await db.q.selectDistinct({ p: T.stockItems.part }).from(T.stockItems).where(inTree)).length;
  const shipment = (await db.q.select().from(T.salesOrderShipments).orderBy(T.salesOrderShipments.id).limit(1))[0]?.id ?? 0;
  const shipmentAllocations = (await db.q.select({ n: count() }).from(T.salesOrderAllocations).where(eq(T.salesOrderAllocations.shipment, shipment)))[0]?.n ?? 0;
  const tested = (await db.q.select({ item: T.stockTestResults.stock_item, n: count() }).from(T.stockTestResults).groupBy(T.stockTestResults.stock_item)).sort((a, b) => b.n - a.n)[0];
  const [item] = await db.q.select().from(T.stockItems).where(eq(T.stockItems.id, tested.item));
  const testNames = [
    ...new Set(
      (
        await db.q
          .select({ k: T.stockTestResults.test_key })
          .from(T.stockTestResults)
          .innerJoin(T.stockItems, eq(T.stockItems.id, T.stockTestResults.stock_item))
          .where(eq(T.stockItems.part, item?.part ?? 0))
      ).map((r) => r.k),
    ),
  ];
  const [po] = await db.q.select().from(T.purchaseOrders).where(eq(T.purchaseOrders.reference, "PO-0001"));
  const poLines = (await db.q.select({ n: count() }).from(T.purchaseOrderLines).where(eq(T.purchaseOrderLines.order, po?.id ?? 0)))[0]?.n ?? 0;
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
