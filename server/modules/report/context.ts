/**
 * The report contexts: for one object of a report's model, the data a template needs, under
 * InvenTree's context names (location, stock_items, order, lines, shipment, allocations, item,
 * results, tests, part, qr_data, date, user…). Built-in reports read them typed; plugin reports
 * receive them as JSON in `report_build`. Everything is read through the owning module's services,
 * so a report shows an object exactly as the API does.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { purchaseOrderLines, salesOrderAllocations, salesOrderLines } from "../../db/schema/order.ts";
import { stockItems, stockTestResults } from "../../db/schema/stock.ts";
import { MODEL_REGISTRY, REPORT_MODELS, type ReportModel } from "../model-registry/service.ts";
import { getCompany } from "../company/service.ts";
import type { CompanyOut } from "../company/model.ts";
import { formatNativeBarcode } from "../barcode/service.ts";
import { toAllocations } from "../order/service.ts";
import type { AllocationOut, PurchaseLineOut, PurchaseOrderOut, SalesLineOut, SalesOrderOut, ShipmentOut } from "../order/model.ts";
import { toPurchaseLines } from "../order/service.ts";
import { getPurchaseOrder } from "../order/service.ts";
import { toSalesLines } from "../order/service.ts";
import { getSalesOrder } from "../order/service.ts";
import { getShipment } from "../order/service.ts";
import type { PartOut } from "../part/model.ts";
import { getPart } from "../part/service.ts";
import type { StockItemOut } from "../stock/model.ts";
import { getStockItem, loadStockItems } from "../stock/service.ts";
import type { LocationOut } from "../stock/model.ts";
import { getLocation } from "../stock/service.ts";
import { LocationTree } from "../stock/service.ts";
import type { AuthUser } from "../../core/auth.ts";

/** The models a report or label can be printed for (InvenTree's `model_type` values): the registry's `report` column. */
export type { ReportModel };

export const isReportModel = (m: string): m is ReportModel => (REPORT_MODELS as readonly string[]).includes(m);

/** The pks among `pks` that exist for `model`, in the order given, without duplicates. */
export function existingPks(db: DbOrTx, model: ReportModel, pks: number[]): number[] {
  const table = MODEL_REGISTRY[model].table;
  const wanted = [...new Set(pks)];
  const found = new Set<number>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    for (const r of db.select({ id: table.id }).from(table).where(inArray(table.id, wanted.slice(i, i + CHUNK))).all()) found.add(r.id);
  }
  return wanted.filter((pk) => found.has(pk));
}

// SQLite bounds the variables of one statement; long pk lists are read in slices.
const CHUNK = 5000;

/** Who printed and when: in every context. */
interface BaseContext {
  date: string;
  datetime: string;
  user: { pk: number; username: string } | null;
  qr_data: string;
}

export interface LocationContext extends BaseContext {
  location: LocationOut;
  stock_location: LocationOut;
  /** Every in-stock item in the location and its sublocations, with part and location details. */
  stock_items: StockItemOut[];
}

export interface StockItemContext extends BaseContext {
  item: StockItemOut;
  stock_item: StockItemOut;
  part: PartOut;
  serial: string | null;
  /** The required tests: the distinct names recorded for any item of this part, by test key. */
  tests: { key: string; name: string }[];
  /** The item's latest result per test key. */
  results: Record<string, TestResultBrief>;
  result_list: TestResultBrief[];
}

interface TestResultBrief {
  test: string;
  key: string;
  result: boolean;
  value: string;
  notes: string;
  date: string;
}

interface PartContext extends BaseContext {
  part: PartOut;
}

export interface PurchaseOrderContext extends BaseContext {
  order: PurchaseOrderOut;
  supplier: CompanyOut;
  lines: PurchaseLineOut[];
  reference: string;
  description: string;
}

interface SalesOrderContext extends BaseContext {
  order: SalesOrderOut;
  customer: CompanyOut;
  lines: SalesLineOut[];
  allocations: AllocationOut[];
  reference: string;
}

export interface ShipmentContext extends SalesOrderContext {
  shipment: ShipmentOut;
}

export interface ContextOptions {
  user: AuthUser | null;
  now?: Date;
}

function base(db: DbOrTx, model: Parameters<typeof formatNativeBarcode>[1], pk: number, opts: ContextOptions): BaseContext {
  const now = opts.now ?? new Date();
  return {
    date: now.toISOString().slice(0, 10),
    datetime: now.toISOString(),
    user: opts.user ? { pk: opts.user.id, username: opts.user.username } : null,
    qr_data: formatNativeBarcode(db, model, pk),
  };
}

/** InvenTree's StockLocation report context for location `pk` (which must exist). */
export function locationContext(db: DbOrTx, pk: number, opts: ContextOptions): LocationContext {
  const location = getLocation(db, pk);
  const tree = LocationTree.load(db);
  const locations = tree.descendants(pk, true);
  const ids: number[] = [];
  for (let i = 0; i < locations.length; i += CHUNK) {
    const rows = db.select({ id: stockItems.id }).from(stockItems).where(inArray(stockItems.location, locations.slice(i, i + CHUNK))).orderBy(asc(stockItems.id)).all();
    for (const r of rows) ids.push(r.id);
  }
  const stock_items: StockItemOut[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const item of loadStockItems(db, ids.slice(i, i + CHUNK), { part_detail: true, location_detail: true })) if (item.in_stock) stock_items.push(item);
  }
  return { ...base(db, "stocklocation", pk, opts), location, stock_location: location, stock_items };
}

/** InvenTree's TestReport context for stock item `pk`: the item, its part, required tests and results. */
export function stockItemContext(db: DbOrTx, pk: number, opts: ContextOptions): StockItemContext {
  const item = getStockItem(db, pk, { part_detail: true, location_detail: true });
  const part = getPart(db, item.part);
  const recorded = db
    .selectDistinct({ key: stockTestResults.test_key, name: stockTestResults.test })
    .from(stockTestResults)
    .innerJoin(stockItems, eq(stockItems.id, stockTestResults.stock_item))
    .where(eq(stockItems.part, item.part))
    .orderBy(asc(stockTestResults.test_key), asc(stockTestResults.id))
    .all();
  const tests: { key: string; name: string }[] = [];
  for (const r of recorded) if (!tests.some((t) => t.key === r.key)) tests.push(r);
  const rows = db.select().from(stockTestResults).where(eq(stockTestResults.stock_item, pk)).orderBy(asc(stockTestResults.date), asc(stockTestResults.id)).all();
  const result_list = rows.map((r): TestResultBrief => ({ test: r.test, key: r.test_key, result: r.result, value: r.value, notes: r.notes, date: r.date }));
  // Later results replace earlier ones, as InvenTree's `results` keeps the latest per key.
  const results: Record<string, TestResultBrief> = {};
  for (const r of result_list) results[r.key] = r;
  return { ...base(db, "stockitem", pk, opts), item, stock_item: item, part, serial: item.serial, tests, results, result_list };
}

/** A part's label context. */
function partContext(db: DbOrTx, pk: number, opts: ContextOptions): PartContext {
  return { ...base(db, "part", pk, opts), part: getPart(db, pk) };
}

/** InvenTree's PurchaseOrder report context: order, supplier, lines with part and supplier part. */
export function purchaseOrderContext(db: DbOrTx, pk: number, opts: ContextOptions): PurchaseOrderContext {
  const order = getPurchaseOrder(db, pk, { supplierDetail: true });
  const rows = db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.order, pk)).orderBy(asc(purchaseOrderLines.id)).all();
  return {
    ...base(db, "purchaseorder", pk, opts),
    order,
    supplier: getCompany(db, order.supplier),
    lines: toPurchaseLines(db, rows, { partDetail: true }),
    reference: order.reference,
    description: order.description,
  };
}

function salesContext(db: DbOrTx, orderId: number, shipmentId: number | null): Omit<SalesOrderContext, keyof BaseContext> {
  const order = getSalesOrder(db, orderId, { customerDetail: true });
  const lineRows = db.select().from(salesOrderLines).where(eq(salesOrderLines.order, orderId)).orderBy(asc(salesOrderLines.id)).all();
  const lines = toSalesLines(db, lineRows, { partDetail: true });
  const lineIds = lineRows.map((l) => l.id);
  const allocationRows = lineIds.length
    ? db
        .select()
        .from(salesOrderAllocations)
        .where(inArray(salesOrderAllocations.line, lineIds))
        .orderBy(asc(salesOrderAllocations.id))
        .all()
        .filter((a) => shipmentId === null || a.shipment === shipmentId)
    : [];
  const allocations = toAllocations(db, allocationRows, { partDetail: true, itemDetail: true, locationDetail: true });
  return { order, customer: getCompany(db, order.customer), lines, allocations, reference: order.reference };
}

/** InvenTree's SalesOrder report context: order, customer, lines, every allocation. */
function salesOrderContext(db: DbOrTx, pk: number, opts: ContextOptions): SalesOrderContext {
  return { ...base(db, "salesorder", pk, opts), ...salesContext(db, pk, null) };
}

/** The shipment's context: its order's, with only the allocations packed in this shipment. */
export function shipmentContext(db: DbOrTx, pk: number, opts: ContextOptions): ShipmentContext {
  const shipment = getShipment(db, pk);
  return { ...base(db, "salesordershipment", pk, opts), ...salesContext(db, shipment.order, pk), shipment };
}

/** The context of any supported model, as plain JSON for a plugin's `report_build`. */
export function gatherContext(db: DbOrTx, model: ReportModel, pk: number, opts: ContextOptions): Record<string, unknown> {
  return { ...CONTEXT_BUILDERS[model](db, pk, opts) };
}

/** One context builder per model the registry marks `report: true` (the type requires each). */
const CONTEXT_BUILDERS: Record<ReportModel, (db: DbOrTx, pk: number, opts: ContextOptions) => BaseContext> = {
  part: partContext,
  stockitem: stockItemContext,
  stocklocation: locationContext,
  purchaseorder: purchaseOrderContext,
  salesorder: salesOrderContext,
  salesordershipment: shipmentContext,
};
