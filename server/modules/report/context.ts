/**
 * The report contexts: for one object of a report's model, the data a template needs, under
 * InvenTree's context names (location, stock_items, order, lines, shipment, allocations, item,
 * results, tests, part, qr_data, date, user…). Built-in reports read them typed; plugin reports
 * receive them as JSON in `report_build`. Everything is read through the owning module's services,
 * so a report shows an object exactly as the API does.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Reads } from "../../db/database.ts";
import { modelRegistry, REPORT_MODELS, type ReportModel } from "../model-registry/service.ts";
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
import { purchaseOrderLines, salesOrderAllocations, salesOrderLines, stockItems, stockTestResults } from "../../db/tables.ts";

/** The models a report or label can be printed for (InvenTree's `model_type` values): the registry's `report` column. */
export type { ReportModel };

export const isReportModel = (m: string): m is ReportModel => (REPORT_MODELS as readonly string[]).includes(m);

/** The pks among `pks` that exist for `model`, in the order given, without duplicates. */
export async function existingPks(db: Reads, model: ReportModel, pks: number[]): Promise<number[]> {
  const table = modelRegistry()[model].table;
  const wanted = [...new Set(pks)];
  const found = new Set<number>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    for (const r of await db.q.select({ id: table.id }).from(table).where(inArray(table.id, wanted.slice(i, i + CHUNK)))) found.add(r.id);
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

async function base(db: Reads, model: Parameters<typeof formatNativeBarcode>[1], pk: number, opts: ContextOptions): Promise<BaseContext> {
  const now = opts.now ?? new Date();
  return {
    date: now.toISOString().slice(0, 10),
    datetime: now.toISOString(),
    user: opts.user ? { pk: opts.user.id, username: opts.user.username } : null,
    qr_data: await formatNativeBarcode(db, model, pk),
  };
}

/** InvenTree's StockLocation report context for location `pk` (which must exist). */
export async function locationContext(db: Reads, pk: number, opts: ContextOptions): Promise<LocationContext> {
  const location = await getLocation(db, pk);
  const tree = await LocationTree.load(db);
  const locations = tree.descendants(pk, true);
  const ids: number[] = [];
  for (let i = 0; i < locations.length; i += CHUNK) {
    const rows = await db.q.select({ id: stockItems.id }).from(stockItems).where(inArray(stockItems.location, locations.slice(i, i + CHUNK))).orderBy(asc(stockItems.id));
    for (const r of rows) ids.push(r.id);
  }
  const stock_items: StockItemOut[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const item of await loadStockItems(db, ids.slice(i, i + CHUNK), { part_detail: true, location_detail: true })) if (item.in_stock) stock_items.push(item);
  }
  return { ...(await base(db, "stocklocation", pk, opts)), location, stock_location: location, stock_items };
}

/** InvenTree's TestReport context for stock item `pk`: the item, its part, required tests and results. */
export async function stockItemContext(db: Reads, pk: number, opts: ContextOptions): Promise<StockItemContext> {
  const item = await getStockItem(db, pk, { part_detail: true, location_detail: true });
  const part = await getPart(db, item.part);
  const recorded = await db.q
    // Not DISTINCT: PostgreSQL refuses ORDER BY a column outside a DISTINCT select list; the loop
    // below keeps each key's first name (by id) either way.
    .select({ key: stockTestResults.test_key, name: stockTestResults.test })
    .from(stockTestResults)
    .innerJoin(stockItems, eq(stockItems.id, stockTestResults.stock_item))
    .where(eq(stockItems.part, item.part))
    .orderBy(asc(stockTestResults.test_key), asc(stockTestResults.id));
  const tests: { key: string; name: string }[] = [];
  for (const r of recorded) if (!tests.some((t) => t.key === r.key)) tests.push(r);
  const rows = await db.q.select().from(stockTestResults).where(eq(stockTestResults.stock_item, pk)).orderBy(asc(stockTestResults.date), asc(stockTestResults.id));
  const result_list = rows.map((r): TestResultBrief => ({ test: r.test, key: r.test_key, result: r.result, value: r.value, notes: r.notes, date: r.date }));
  // Later results replace earlier ones, as InvenTree's `results` keeps the latest per key.
  const results: Record<string, TestResultBrief> = {};
  for (const r of result_list) results[r.key] = r;
  return { ...(await base(db, "stockitem", pk, opts)), item, stock_item: item, part, serial: item.serial, tests, results, result_list };
}

/** A part's label context. */
async function partContext(db: Reads, pk: number, opts: ContextOptions): Promise<PartContext> {
  return { ...(await base(db, "part", pk, opts)), part: await getPart(db, pk) };
}

/** InvenTree's PurchaseOrder report context: order, supplier, lines with part and supplier part. */
export async function purchaseOrderContext(db: Reads, pk: number, opts: ContextOptions): Promise<PurchaseOrderContext> {
  const order = await getPurchaseOrder(db, pk, { supplierDetail: true });
  const rows = await db.q.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.order, pk)).orderBy(asc(purchaseOrderLines.id));
  return {
    ...(await base(db, "purchaseorder", pk, opts)),
    order,
    supplier: await getCompany(db, order.supplier),
    lines: await toPurchaseLines(db, rows, { partDetail: true }),
    reference: order.reference,
    description: order.description,
  };
}

async function salesContext(db: Reads, orderId: number, shipmentId: number | null): Promise<Omit<SalesOrderContext, keyof BaseContext>> {
  const order = await getSalesOrder(db, orderId, { customerDetail: true });
  const lineRows = await db.q.select().from(salesOrderLines).where(eq(salesOrderLines.order, orderId)).orderBy(asc(salesOrderLines.id));
  const lines = await toSalesLines(db, lineRows, { partDetail: true });
  const lineIds = lineRows.map((l) => l.id);
  const allocationRows = lineIds.length
    ? (await db.q.select().from(salesOrderAllocations).where(inArray(salesOrderAllocations.line, lineIds)).orderBy(asc(salesOrderAllocations.id))).filter(
        (a) => shipmentId === null || a.shipment === shipmentId,
      )
    : [];
  const allocations = await toAllocations(db, allocationRows, { partDetail: true, itemDetail: true, locationDetail: true });
  return { order, customer: await getCompany(db, order.customer), lines, allocations, reference: order.reference };
}

/** InvenTree's SalesOrder report context: order, customer, lines, every allocation. */
async function salesOrderContext(db: Reads, pk: number, opts: ContextOptions): Promise<SalesOrderContext> {
  return { ...(await base(db, "salesorder", pk, opts)), ...(await salesContext(db, pk, null)) };
}

/** The shipment's context: its order's, with only the allocations packed in this shipment. */
export async function shipmentContext(db: Reads, pk: number, opts: ContextOptions): Promise<ShipmentContext> {
  const shipment = await getShipment(db, pk);
  return { ...(await base(db, "salesordershipment", pk, opts)), ...(await salesContext(db, shipment.order, pk)), shipment };
}

/** The context of any supported model, as plain JSON for a plugin's `report_build`. */
export async function gatherContext(db: Reads, model: ReportModel, pk: number, opts: ContextOptions): Promise<Record<string, unknown>> {
  return { ...(await CONTEXT_BUILDERS[model](db, pk, opts)) };
}

/** One context builder per model the registry marks `report: true` (the type requires each). */
const CONTEXT_BUILDERS: Record<ReportModel, (db: Reads, pk: number, opts: ContextOptions) => Promise<BaseContext>> = {
  part: partContext,
  stockitem: stockItemContext,
  stocklocation: locationContext,
  purchaseorder: purchaseOrderContext,
  salesorder: salesOrderContext,
  salesordershipment: shipmentContext,
};
