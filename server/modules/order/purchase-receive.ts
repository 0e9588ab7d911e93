import { and, eq, inArray } from "drizzle-orm";
import type { Reads, Tx, Writes } from "../../db/database.ts";
import { PO_STATUS } from "../../db/schema/order.ts";
import { STOCK_STATUS, TRACKING } from "../../db/schema/stock.ts";
import { ApiError, fieldErrors, notFound } from "../../core/errors.ts";
import { barcodeHash } from "../../core/barcode-hash.ts";
import { writeTrackingEntry } from "../stock/service.ts";
import { findLocation, findSupplierPart, type PurchaseLineRow, type StockItemRow, type SupplierPartRow } from "./lookups.ts";
import type { ReceiveItemInput } from "./model.ts";
import { pendingLineCount } from "./purchase-order.ts";
import { invalidPk } from "../../core/errors.ts";
import { today } from "../../core/clock.ts";
import { globalBool } from "../settings/service.ts";
import { latestSerial, lockPartSerials, parseSerialNumbers, SerialNumberError } from "../stock/service.ts";
import { purchaseOrderLines, purchaseOrders, stockItems, supplierParts } from "../../db/tables.ts";
import { forUpdate } from "../../db/dialect.ts";
import { lockPurchaseOrder } from "./locks.ts";

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
async function receiptSerials(tx: Reads, input: string, quantity: number, part: number): Promise<{ serials: string[] } | { errors: string[] }> {
  if (!Number.isInteger(quantity)) return { errors: ["Serial numbers can only be assigned to an integer quantity"] };
  try {
    return { serials: parseSerialNumbers(input, quantity, await latestSerial(tx, part)) };
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
 * item, inside the one transaction, before writing and throws DRF-shaped errors
 * (`{items: [{}, {quantity: [...]}]}`); inside the caller's transaction its writes roll back with the
 * caller's. Returns the new stock items.
 */
export function receivePurchaseOrderLines(db: Writes, orderId: number, items: ReceiveItemInput[], user: number | null, opts: ReceiveOptions = {}): Promise<StockItemRow[]> {
  return db.write((tx) => receive(tx, orderId, items, user, opts));
}

async function receive(tx: Tx, orderId: number, items: ReceiveItemInput[], user: number | null, opts: ReceiveOptions): Promise<StockItemRow[]> {
  // Locked (locks.ts): its status and every line's `received` are checked, then changed.
  const order = await lockPurchaseOrder(tx, orderId);
  if (!order) throw notFound();
  if (items.length === 0) throw fieldErrors({ non_field_errors: ["Line items must be provided"] });
  // Serials are checked, then given out, under the parts' serial lock (stock's lockPartSerials), all
  // of it taken here at once, in part order. The lines' parts cannot change meanwhile: a line's
  // writes lock its order first, which this receipt holds.
  const serialLines = items.filter((i) => i.serial_numbers?.trim()).map((i) => i.line_item);
  if (serialLines.length > 0 && tx.dialect === "postgres") {
    const parts = await tx.q
      .select({ part: supplierParts.part })
      .from(purchaseOrderLines)
      .innerJoin(supplierParts, eq(supplierParts.id, purchaseOrderLines.part))
      .where(and(eq(purchaseOrderLines.order, orderId), inArray(purchaseOrderLines.id, serialLines)));
    await lockPartSerials(tx, parts.map((r) => r.part));
  }

  const topErrors: Record<string, string[]> = {};
  if (opts.location !== undefined && opts.location !== null) {
    const loc = await findLocation(tx, opts.location);
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
    // Locked after its order: `received` is read here and raised below.
    const [line] = await forUpdate(tx, tx.q.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.id, item.line_item)).limit(1));
    if (!line) add("line_item", invalidPk(item.line_item));
    else if (line.order !== orderId) add("line_item", "Line item does not match purchase order");
    if (!(Number.isFinite(item.quantity) && item.quantity > 0)) add("quantity", "Quantity must be greater than zero");
    if (item.status !== undefined && !STATUS_CODES.includes(item.status)) add("status", `"${item.status}" is not a valid choice.`);
    if (item.location !== undefined && item.location !== null) {
      const loc = await findLocation(tx, item.location);
      if (!loc) add("location", invalidPk(item.location));
      else if (loc.structural) add("location", "Stock items cannot be located into structural stock locations!");
    }
    const supplierPart = line ? (await findSupplierPart(tx, line.part)) : undefined;
    let serials: string[] | null = null;
    if (line && supplierPart && errs.quantity === undefined && item.serial_numbers?.trim()) {
      const parsed = await receiptSerials(tx, item.serial_numbers, item.quantity * supplierPart.pack_quantity_native, supplierPart.part);
      if ("errors" in parsed) errs.serial_numbers = parsed.errors;
      else {
        const taken = claimed.get(supplierPart.part) ?? new Set<string>();
        const existing = (await tx.q.select({ serial: stockItems.serial }).from(stockItems).where(and(eq(stockItems.part, supplierPart.part), inArray(stockItems.serial, parsed.serials)))).map((r) => r.serial);
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
      const [inUse] = await tx.q.select({ id: stockItems.id }).from(stockItems).where(eq(stockItems.barcode_hash, hash)).limit(1);
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
    const rows: StockItemRow[] = [];
    for (const serial of p.serials ?? [null]) {
      const values = serial === null ? { ...base, quantity: p.item.quantity * sp.pack_quantity_native } : { ...base, quantity: 1, serial };
      rows.push(...(await tx.q.insert(stockItems).values(values).returning()));
    }
    for (const row of rows) {
      await writeTrackingEntry(tx, {
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
  for (const [lineId, total] of received) await tx.q.update(purchaseOrderLines).set({ received: total }).where(eq(purchaseOrderLines.id, lineId));

  // PURCHASEORDER_AUTO_COMPLETE (on by default, as InvenTree): the last receipt closes the order.
  if ((await globalBool(tx, "PURCHASEORDER_AUTO_COMPLETE")) && (await pendingLineCount(tx, orderId)) === 0) {
    await tx.q.update(purchaseOrders).set({ status: PO_STATUS.COMPLETE, complete_date: today() }).where(eq(purchaseOrders.id, orderId));
  }
  return created;
}
