/**
 * POST /api/barcode/so-allocate/ as InvenTree's BarcodeSOAllocate: a scanned stock item (native or
 * linked barcode) is allocated to the matching line of a sales order. A part, supplier part or
 * supplier label is not a stock item: InvenTree's error, plus the stock the client could pick.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { AppContext } from "../../core/context.ts";
import type { Reads } from "../../db/database.ts";
import { ApiError, FieldErrorCollector } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { allocateSalesOrderItems, unallocatedQuantity } from "../order/service.ts";
import type { SalesLineRow, SalesOrderRow, ShipmentRow, StockItemRow } from "../order/service.ts";
import { SO_OPEN } from "../order/service.ts";
import { inStockItemCondition } from "../stock/service.ts";
import type { AuthUser } from "../../core/auth.ts";
import { matchPayload } from "./instance-info.ts";
import type { SoAllocateInput } from "./order-model.ts";
import { readBarcodeField } from "./request-fields.ts";
import { type ScanOutcome, scanBarcode } from "./scan-service.ts";
import { firstMessage, type ScanBody, scanError } from "./scan-errors.ts";
import { findSupplierCompany, matchSupplierPart } from "./supplier-match.ts";
import { salesOrderLines, salesOrderShipments, salesOrders, stockItems, supplierParts } from "../../db/tables.ts";

/** InvenTree's messages, verbatim. */
const SO_MESSAGES = {
  noPlugin: "No matching plugin found for barcode data",
  notStockItem: "Barcode does not match an existing stock item",
  multipleLines: "Multiple matching line items found",
  noLine: "No matching line item found",
  shipmentOrder: "Shipment does not match sales order",
  itemLine: "Stock item does not match line item",
  insufficient: "Insufficient stock available",
  allocated: "Stock item allocated to sales order",
} as const;

/** At most this many stock items are offered when the barcode names a part rather than an item. */
const MAX_CANDIDATES = 50;

interface AllocateRefs {
  order: SalesOrderRow;
  line: SalesLineRow | null;
  shipment: ShipmentRow | null;
}

/** The serializer's field checks (400 naming each field), before anything is scanned. */
async function validateRefs(db: Reads, input: SoAllocateInput): Promise<AllocateRefs & { barcode: string }> {
  const errors = new FieldErrorCollector();
  const barcode = readBarcodeField({ barcode: input.barcode }, errors);
  const order = input.sales_order === undefined ? undefined : (await db.q.select().from(salesOrders).where(eq(salesOrders.id, input.sales_order)).limit(1))[0];
  if (input.sales_order === undefined) errors.add("sales_order", "This field is required.");
  else if (!order) errors.add("sales_order", invalidPk(input.sales_order));
  else if (!SO_OPEN.includes(order.status)) errors.add("sales_order", "Sales order is not open");
  const line = input.line ? ((await db.q.select().from(salesOrderLines).where(eq(salesOrderLines.id, input.line)).limit(1))[0] ?? null) : null;
  if (input.line && !line) errors.add("line", invalidPk(input.line));
  const shipment = input.shipment ? ((await db.q.select().from(salesOrderShipments).where(eq(salesOrderShipments.id, input.shipment)).limit(1))[0] ?? null) : null;
  if (input.shipment && !shipment) errors.add("shipment", invalidPk(input.shipment));
  else if (shipment?.delivery_date) errors.add("shipment", "Shipment has already been delivered");
  errors.throwIfAny();
  return { barcode: barcode ?? "", order: order as SalesOrderRow, line, shipment };
}

/** get_line_item: the request's line, else the order's only line for the item's part. */
async function lineFor(db: Reads, item: StockItemRow, refs: AllocateRefs): Promise<SalesLineRow> {
  if (refs.line) return refs.line;
  const lines = (await db.q
    .select()
    .from(salesOrderLines)
    .where(and(eq(salesOrderLines.order, refs.order.id), eq(salesOrderLines.part, item.part))))
    .filter((l) => l.shipped <= l.quantity);
  if (lines.length > 1) throw new Error(SO_MESSAGES.multipleLines);
  if (lines.length === 0) throw new Error(SO_MESSAGES.noLine);
  return lines[0];
}

/**
 * get_shipment: the request's (of this order), else the order's only open shipment, else none. Open
 * here also means not yet shipped, since stock cannot be allocated to a shipment that has left.
 */
async function shipmentFor(db: Reads, refs: AllocateRefs): Promise<ShipmentRow | null> {
  if (refs.shipment) {
    if (refs.shipment.order !== refs.order.id) throw new Error(SO_MESSAGES.shipmentOrder);
    return refs.shipment;
  }
  const open = await db.q
    .select()
    .from(salesOrderShipments)
    .where(and(eq(salesOrderShipments.order, refs.order.id), isNull(salesOrderShipments.delivery_date), isNull(salesOrderShipments.shipment_date)));
  return open.length === 1 ? open[0] : null;
}

/** The part a non-stock-item scan points at (part, supplier part, or a supplier label's part). */
async function scannedPart(db: Reads, scan: ScanOutcome): Promise<number | null> {
  if (scan.match?.model === "part") return scan.match.pk;
  if (scan.match?.model === "supplierpart") return (await db.q.select({ part: supplierParts.part }).from(supplierParts).where(eq(supplierParts.id, scan.match.pk)).limit(1))[0]?.part ?? null;
  if (scan.supplier) {
    const found = await matchSupplierPart(db, scan.supplier, await findSupplierCompany(db, scan.supplier.supplier));
    return "supplierPart" in found ? found.supplierPart.part : null;
  }
  return null;
}

/** Stock of the part that still has unallocated quantity: what the client can scan or pick next. */
async function candidates(db: Reads, part: number) {
  const items = await db.q
    .select()
    .from(stockItems)
    .where(and(eq(stockItems.part, part), inStockItemCondition()))
    .orderBy(asc(stockItems.id));
  const out = [];
  for (const i of items) {
    const unallocated = await unallocatedQuantity(db, i);
    if (unallocated > 0) out.push({ pk: i.id, quantity: i.quantity, unallocated_quantity: unallocated, location: i.location, serial: i.serial, batch: i.batch });
    if (out.length === MAX_CANDIDATES) break;
  }
  return out;
}

/**
 * Handles one so-allocate request: returns the 200 body, or throws a 400 whose body is the scan
 * response with `error`, as InvenTree does.
 */
export async function allocateByBarcode(ctx: AppContext, input: SoAllocateInput, user: AuthUser, requestId?: string): Promise<ScanBody> {
  const db = ctx.database;
  const refs = await validateRefs(db, input);
  const scan = await scanBarcode(ctx, refs.barcode, user, requestId);
  const body: ScanBody = {};
  if (scan.match) body[scan.match.model] = await matchPayload(db, scan.match.model, scan.match.pk);
  if (scan.error) body.error = scan.error;
  Object.assign(body, { plugin: scan.plugin, barcode_data: scan.barcode_data, barcode_hash: scan.barcode_hash });
  if (scan.plugin === null) throw scanError(body, SO_MESSAGES.noPlugin);

  const item = scan.match?.model === "stockitem" ? (await db.q.select().from(stockItems).where(eq(stockItems.id, scan.match.pk)).limit(1))[0] : undefined;
  if (!item) {
    const part = await scannedPart(db, scan);
    if (part === null) throw scanError(body, SO_MESSAGES.notStockItem);
    const line = await db.q.select({ id: salesOrderLines.id }).from(salesOrderLines).where(and(eq(salesOrderLines.order, refs.order.id), eq(salesOrderLines.part, part)));
    throw scanError({ ...body, action_required: true, part, line_item: line.length === 1 ? line[0].id : null, candidates: await candidates(db, part) }, SO_MESSAGES.notStockItem);
  }

  let line: SalesLineRow;
  let shipment: ShipmentRow | null;
  try {
    line = await lineFor(db, item, refs);
    shipment = await shipmentFor(db, refs);
  } catch (e) {
    throw scanError(body, (e as Error).message);
  }
  if (item.part !== line.part) throw scanError(body, SO_MESSAGES.itemLine);
  if (line.order !== refs.order.id) throw scanError(body, "Line item is not associated with this order");

  const serialized = item.serial !== null && item.serial !== "";
  const available = await unallocatedQuantity(db, item);
  const quantity = serialized ? 1 : (input.quantity ?? Math.min(line.quantity - line.shipped, available));
  Object.assign(body, { stock_item: item.id, part: item.part, sales_order: refs.order.id, line_item: line.id, shipment: shipment?.id ?? null, quantity });
  if (available < quantity || quantity <= 0) throw scanError(body, SO_MESSAGES.insufficient);
  // InvenTree allocates only once it knows the shipment; otherwise it answers 200 without `success`.
  // `action_required` is what makes the app (lib/barcode/sales_order.dart:115) open its allocation
  // form with line, stock item, quantity and shipment filled in, instead of "unknown response".
  if (shipment === null) {
    body.action_required = true;
    return body;
  }
  try {
    await allocateSalesOrderItems(db, refs.order.id, [{ line_item: line.id, stock_item: item.id, quantity }], shipment.id);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) throw scanError(body, firstMessage(e.body) ?? SO_MESSAGES.insufficient);
    throw e;
  }
  body.success = SO_MESSAGES.allocated;
  return body;
}
