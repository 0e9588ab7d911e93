import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { PO_STATUS, purchaseOrderLines, purchaseOrders } from "../../db/schema/order.ts";
import { STOCK_STATUS, stockItems, TRACKING } from "../../db/schema/stock.ts";
import { ApiError, fieldErrors, notFound } from "../../core/errors.ts";
import { barcodeHash } from "../../core/barcode-hash.ts";
import { writeTrackingEntry } from "../stock/service.ts";
import { findLocation, findPurchaseLine, findPurchaseOrder, findSupplierPart, type PurchaseLineRow, type StockItemRow, type SupplierPartRow } from "./lookups.ts";
import type { ReceiveItemInput } from "./model.ts";
import { pendingLineCount } from "./purchase-order.ts";
import { invalidPk } from "../../core/errors.ts";
import { today } from "../../core/clock.ts";
import { globalBoolInTransaction } from "../settings/service.ts";
import { latestSerial, parseSerialNumbers, SerialNumberError } from "../stock/service.ts";

export interface ReceiveOptions {
  /** The request's top-level `location`, used for items that name none. */
  location?: number | null;
  /** Slug of the plugin acting for the user (barcode receipts), recorded on the tracking entries. */
  plugin?: string | null;
}

const STATUS_CODES: readonly number[] = Object.values(STOCK_STATUS);

/**
 * The serials of one receipt line, expanded as POST /api/stock/ expands them (InvenTree uses the
 * same extract_serial_numbers for both), or the messages for `serial_numbers`.
 */
function receiptSerials(tx: DbOrTx, input: string, quantity: number, part: number): { serials: string[] } | { errors: string[] } {
  if (!Number.isInteger(quantity)) return { errors: ["Serial numbers can only be assigned to an integer quantity"] };
  try {
    return { serials: parseSerialNumbers(input, quantity, latestSerial(tx, part)) };
  } catch (e) {
    if (e instanceof SerialNumberError) return { errors: e.messages };
    throw e;
  }
}

interface PlannedReceipt {
  item: ReceiveItemInput;
  line: PurchaseLineRow;
  supplierPart: SupplierPartRow;
  location: number;
  serials: string[] | null;
  /** A barcode to link to the new stock item (the app's "assign barcode" while receiving). */
  barcode: { data: string; hash: string } | null;
}

/**
 * Receives goods against a PLACED purchase order, as InvenTree's PurchaseOrder.receive_line_items:
 * one stock item per line (or per serial number) in the part's units (quantity × pack size), the
 * line's `received` raised, a RECEIVED_AGAINST_PURCHASE_ORDER tracking entry each. Validates every
 * item before writing and throws DRF-shaped errors (`{items: [{}, {quantity: [...]}]}`); call it
 * inside a transaction so the caller's other writes roll back with it. Returns the new stock items.
 */
export function receivePurchaseOrderLines(tx: DbOrTx, orderId: number, items: ReceiveItemInput[], user: number | null, opts: ReceiveOptions = {}): StockItemRow[] {
  const order = findPurchaseOrder(tx, orderId);
  if (!order) throw notFound();
  if (items.length === 0) throw fieldErrors({ non_field_errors: ["Line items must be provided"] });

  const topErrors: Record<string, string[]> = {};
  if (opts.location !== undefined && opts.location !== null) {
    const loc = findLocation(tx, opts.location);
    if (!loc) topErrors.location = [invalidPk(opts.location)];
    else if (loc.structural) topErrors.location = ["Stock items cannot be located into structural stock locations!"];
  }

  const itemErrors: Record<string, string[]>[] = [];
  const planned: PlannedReceipt[] = [];
  // Serials handed out earlier in this request, per part, so two items cannot claim the same one.
  const claimed = new Map<number, Set<string>>();
  const barcodesInRequest = new Set<string>();
  for (const item of items) {
    const errs: Record<string, string[]> = {};
    const add = (field: string, msg: string) => (errs[field] ??= []).push(msg);
    const line = findPurchaseLine(tx, item.line_item);
    if (!line) add("line_item", invalidPk(item.line_item));
    else if (line.order !== orderId) add("line_item", "Line item does not match purchase order");
    if (!(Number.isFinite(item.quantity) && item.quantity > 0)) add("quantity", "Quantity must be greater than zero");
    if (item.status !== undefined && !STATUS_CODES.includes(item.status)) add("status", `"${item.status}" is not a valid choice.`);
    if (item.location !== undefined && item.location !== null) {
      const loc = findLocation(tx, item.location);
      if (!loc) add("location", invalidPk(item.location));
      else if (loc.structural) add("location", "Stock items cannot be located into structural stock locations!");
    }
    const supplierPart = line ? findSupplierPart(tx, line.part) : undefined;
    let serials: string[] | null = null;
    if (line && supplierPart && errs.quantity === undefined && item.serial_numbers?.trim()) {
      const parsed = receiptSerials(tx, item.serial_numbers, item.quantity * supplierPart.pack_quantity_native, supplierPart.part);
      if ("errors" in parsed) errs.serial_numbers = parsed.errors;
      else {
        const taken = claimed.get(supplierPart.part) ?? new Set<string>();
        const existing = tx
          .select({ serial: stockItems.serial })
          .from(stockItems)
          .where(and(eq(stockItems.part, supplierPart.part), inArray(stockItems.serial, parsed.serials)))
          .all()
          .map((r) => r.serial);
        const clash = parsed.serials.filter((s) => existing.includes(s) || taken.has(s));
        if (clash.length) add("serial_numbers", `The following serial numbers already exist or are invalid: ${clash.join(", ")}`);
        else {
          for (const s of parsed.serials) taken.add(s);
          claimed.set(supplierPart.part, taken);
          serials = parsed.serials;
        }
      }
    }
    let barcode: PlannedReceipt["barcode"] = null;
    const barcodeText = item.barcode?.trim();
    if (barcodeText) {
      const hash = barcodeHash(barcodeText);
      const inUse = tx.select({ id: stockItems.id }).from(stockItems).where(eq(stockItems.barcode_hash, hash)).get();
      if (inUse || barcodesInRequest.has(hash)) add("barcode", "Barcode is already in use");
      else if (serials !== null && serials.length > 1) add("barcode", "A barcode can only be assigned to a single stock item");
      else {
        barcodesInRequest.add(hash);
        barcode = { data: barcodeText, hash };
      }
    }
    const location = item.location ?? opts.location ?? line?.destination ?? order.destination ?? null;
    if (line && location === null) topErrors.location ??= ["Destination location must be specified"];
    itemErrors.push(errs);
    if (line && supplierPart && location !== null && Object.keys(errs).length === 0) planned.push({ item, line, supplierPart, location, serials, barcode });
  }
  if (itemErrors.some((e) => Object.keys(e).length > 0)) throw new ApiError(400, { ...topErrors, items: itemErrors });
  if (Object.keys(topErrors).length) throw fieldErrors(topErrors);
  if (order.status !== PO_STATUS.PLACED) throw fieldErrors({ non_field_errors: ["Lines can only be received against an order marked as 'PLACED'"] });

  const created: StockItemRow[] = [];
  const received = new Map<number, number>();
  for (const p of planned) {
    const sp = p.supplierPart;
    const base = {
      part: sp.part,
      supplier_part: sp.id,
      purchase_order: orderId,
      location: p.location,
      batch: p.item.batch_code ?? "",
      status: p.item.status ?? STOCK_STATUS.OK,
      expiry_date: p.item.expiry_date ?? null,
      notes: p.item.note ?? "",
      // The line's price is per pack; stock is kept in the part's own units.
      purchase_price: p.line.purchase_price === null ? null : p.line.purchase_price / sp.pack_quantity_native,
      ...(p.barcode ? { barcode_data: p.barcode.data, barcode_hash: p.barcode.hash } : {}),
    };
    const rows = p.serials
      ? p.serials.map((serial) => tx.insert(stockItems).values({ ...base, quantity: 1, serial }).returning().get())
      : [tx.insert(stockItems).values({ ...base, quantity: p.item.quantity * sp.pack_quantity_native }).returning().get()];
    for (const row of rows) {
      writeTrackingEntry(tx, {
        item: row.id,
        tracking_type: TRACKING.RECEIVED_AGAINST_PURCHASE_ORDER,
        user,
        plugin: opts.plugin ?? null,
        deltas: { location: row.location, purchaseorder: orderId, quantity: row.quantity },
      });
      created.push(row);
    }
    received.set(p.line.id, (received.get(p.line.id) ?? p.line.received) + p.item.quantity);
  }
  for (const [lineId, total] of received) tx.update(purchaseOrderLines).set({ received: total }).where(eq(purchaseOrderLines.id, lineId)).run();

  // PURCHASEORDER_AUTO_COMPLETE (on by default, as InvenTree): the last receipt closes the order.
  if (globalBoolInTransaction(tx, "PURCHASEORDER_AUTO_COMPLETE") && pendingLineCount(tx, orderId) === 0) {
    tx.update(purchaseOrders).set({ status: PO_STATUS.COMPLETE, complete_date: today() }).where(eq(purchaseOrders.id, orderId)).run();
  }
  return created;
}
