/**
 * POST /api/barcode/po-receive/ as InvenTree's BarcodePOReceive with SupplierBarcodeMixin's
 * scan_receive_item: a supplier label decoded by a plugin is received against its purchase-order
 * line. Native stock-item barcodes are refused (already received); missing quantity or location
 * (or `auto_allocate: false`) answers `action_required` with the line, for the client to finish.
 */
import { eq, inArray } from "drizzle-orm";
import type { SupplierBarcode } from "../../../plugin-sdk/schema/index.ts";
import type { AppContext } from "../../core/context.ts";
import type { Reads } from "../../db/database.ts";
import { PO_STATUS } from "../../db/schema/order.ts";
import { ApiError, FieldErrorCollector } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import type { CompanyRow, LocationRow, PurchaseLineRow, PurchaseOrderRow, SupplierPartRow } from "../order/service.ts";
import { receivePurchaseOrderLines } from "../order/service.ts";
import type { AuthUser } from "../../core/auth.ts";
import { findPartRow, partDefaultLocation } from "../part/service.ts";
import { matchPayload } from "./instance-info.ts";
import type { PoReceiveInput } from "./order-model.ts";
import { readBarcodeField } from "./request-fields.ts";
import { scanBarcode } from "./scan-service.ts";
import { firstMessage, type ScanBody, scanError } from "./scan-errors.ts";
import { checkedPluginLine, choosePendingLine, findSupplierCompany, matchPurchaseOrder, matchSupplierPart, pendingLines, printedOrderNumbers } from "./supplier-match.ts";
import { companies, purchaseOrderLines, purchaseOrders, stockItems, stockLocations } from "../../db/tables.ts";

/** InvenTree's messages, verbatim: its clients show them as they are. */
const PO_MESSAGES = {
  alreadyReceived: "Item has already been received",
  noPlugin: "No plugin match for supplier barcode",
  multipleParts: "Found multiple matching supplier parts for barcode",
  noOrder: (printed: string) => `No matching purchase order for '${printed}'`,
  multipleOrders: (printed: string) => `Found multiple purchase orders matching '${printed}'`,
  orderSupplier: "Purchase order does not match supplier",
  noPendingLine: "Failed to find pending line item for supplier part",
  lineMismatch: "Supplier part does not match line item",
  lineOrder: "Line item does not match purchase order",
  lineComplete: "Line item is already completed",
  actionRequired: "Further information required to receive line item",
  received: "Received purchase order line item",
  receiveFailed: "Failed to receive line item",
} as const;

interface ReceiveRefs {
  supplier: CompanyRow | null;
  order: PurchaseOrderRow | null;
  location: LocationRow | null;
  line: PurchaseLineRow | null;
}

/** The serializer's field checks (400 naming each field), before anything is scanned. */
async function validateRefs(db: Reads, input: PoReceiveInput): Promise<ReceiveRefs & { barcode: string }> {
  const errors = new FieldErrorCollector();
  const barcode = readBarcodeField({ barcode: input.barcode }, errors);
  const one = <T>(rows: T[]): T | null => rows[0] ?? null;
  const supplier = input.supplier ? one(await db.q.select().from(companies).where(eq(companies.id, input.supplier)).limit(1)) : null;
  if (input.supplier && !supplier) errors.add("supplier", invalidPk(input.supplier));
  const order = input.purchase_order ? one(await db.q.select().from(purchaseOrders).where(eq(purchaseOrders.id, input.purchase_order)).limit(1)) : null;
  if (input.purchase_order && !order) errors.add("purchase_order", invalidPk(input.purchase_order));
  else if (order && order.status !== PO_STATUS.PLACED) errors.add("purchase_order", "Purchase order has not been placed");
  const location = input.location ? one(await db.q.select().from(stockLocations).where(eq(stockLocations.id, input.location)).limit(1)) : null;
  if (input.location && !location) errors.add("location", invalidPk(input.location));
  else if (location?.structural) errors.add("location", "Cannot select a structural location");
  const line = input.line_item ? one(await db.q.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.id, input.line_item)).limit(1)) : null;
  if (input.line_item && !line) errors.add("line_item", invalidPk(input.line_item));
  errors.throwIfAny();
  return { barcode: barcode ?? "", supplier, order, location, line };
}

async function defaultLocationOfPart(db: Reads, partId: number): Promise<number | null> {
  const part = await findPartRow(db, partId);
  return part ? partDefaultLocation(db, part) : null;
}

type LinePlan = { line: PurchaseLineRow; order: PurchaseOrderRow } | { error: string };

/** Finds the order and line to receive against, as scan_receive_item does, or InvenTree's error. */
async function planLine(db: Reads, label: SupplierBarcode, supplierPart: SupplierPartRow, refs: ReceiveRefs, quantity: number | null): Promise<LinePlan> {
  if (refs.order && refs.order.supplier !== supplierPart.supplier) return { error: PO_MESSAGES.orderSupplier };
  if (refs.line) {
    const line = refs.line;
    if (line.part !== supplierPart.id) return { error: PO_MESSAGES.lineMismatch };
    if (refs.order && line.order !== refs.order.id) return { error: PO_MESSAGES.lineOrder };
    if (line.received >= line.quantity) return { error: PO_MESSAGES.lineComplete };
    const order = refs.order ?? (await db.q.select().from(purchaseOrders).where(eq(purchaseOrders.id, line.order)).limit(1))[0];
    if (!order) return { error: PO_MESSAGES.lineOrder };
    return { line, order };
  }
  const hinted = await checkedPluginLine(db, label.purchase_order_line, supplierPart, refs.order?.id ?? null);
  if (hinted) return hinted;
  let order = refs.order;
  if (!order) {
    const numbers = printedOrderNumbers(label);
    const printed = numbers.customer ?? numbers.supplier ?? "";
    const found = await matchPurchaseOrder(db, label, supplierPart);
    if ("error" in found) {
      const messages = { multiple: PO_MESSAGES.multipleOrders(printed), none: PO_MESSAGES.noOrder(printed), received: PO_MESSAGES.noPendingLine };
      return { error: messages[found.error] };
    }
    order = found.order;
  }
  const line = choosePendingLine(await pendingLines(db, order.id, supplierPart.id), quantity);
  return line ? { line, order } : { error: PO_MESSAGES.noPendingLine };
}

/** The label's quantity when it is a usable number (InvenTree treats 0 and absent alike). */
const labelQuantity = (label: SupplierBarcode): number | null => (typeof label.quantity === "number" && Number.isFinite(label.quantity) && label.quantity > 0 ? label.quantity : null);

/**
 * Handles one po-receive request: returns the 200 body (`success` or `action_required`), or throws
 * a 400 whose body is the scan response with `error`, as InvenTree does.
 */
export async function receiveByBarcode(ctx: AppContext, input: PoReceiveInput, user: AuthUser, requestId?: string): Promise<ScanBody> {
  const db = ctx.database;
  const refs = await validateRefs(db, input);
  const scan = await scanBarcode(ctx, refs.barcode, user, requestId);
  const body: ScanBody = { barcode_data: scan.barcode_data, barcode_hash: scan.barcode_hash };
  if (scan.match?.model === "stockitem") throw scanError(body, PO_MESSAGES.alreadyReceived);
  if (!scan.supplier) {
    // A supplier plugin that recognised the label but could not use it keeps its own message.
    if (scan.error && scan.plugin) throw scanError({ ...body, plugin: scan.plugin }, scan.error);
    throw scanError({ ...body, plugin: null }, PO_MESSAGES.noPlugin);
  }
  const label = scan.supplier;
  body.plugin = scan.plugin;
  body.supplier = label;

  const found = await matchSupplierPart(db, label, refs.supplier ?? (await findSupplierCompany(db, label.supplier)));
  if ("error" in found) throw scanError(body, found.error === "multiple" ? PO_MESSAGES.multipleParts : PO_MESSAGES.noPlugin);
  const supplierPart = found.supplierPart;
  const quantity = labelQuantity(label);
  const plan = await planLine(db, label, supplierPart, refs, quantity);
  if ("error" in plan) throw scanError(body, plan.error);
  const { line, order } = plan;
  delete body.supplier;

  // InvenTree's order: the request's location, then (with a request order) that order's destination,
  // then the line's, the order's, and the part's default location.
  const location = refs.location?.id ?? refs.order?.destination ?? line.destination ?? order.destination ?? (await defaultLocationOfPart(db, supplierPart.part));
  const lineitem = { pk: line.id, quantity: quantity ?? line.quantity - line.received, supplier_part: supplierPart.id, purchase_order: order.id, location };
  body.lineitem = lineitem;
  if (input.auto_allocate === false || location === null || quantity === null) {
    body.action_required = PO_MESSAGES.actionRequired;
    return body;
  }

  let created: number[];
  try {
    created = await db.write(async (tx) => {
      const items = await receivePurchaseOrderLines(tx, order.id, [{ line_item: line.id, quantity, batch_code: (label.lot ?? "").slice(0, 100) }], user.id, { location, plugin: scan.slug });
      // As InvenTree's receive_line_item(barcode=…): the label now names the stock item, so a
      // second scan of it answers "already received" instead of receiving twice.
      const ids = items.map((i) => i.id);
      if (ids.length === 1) await tx.q.update(stockItems).set({ barcode_data: scan.barcode_data, barcode_hash: scan.barcode_hash }).where(inArray(stockItems.id, ids));
      return ids;
    });
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) throw scanError(body, firstMessage(e.body) ?? PO_MESSAGES.receiveFailed);
    throw e;
  }
  body.success = PO_MESSAGES.received;
  if (created.length) body.stockitem = await matchPayload(db, "stockitem", created[0]);
  return body;
}
