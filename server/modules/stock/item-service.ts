import { sqlFor } from "../../db/dialect.ts";
import { decimalPrecisionError } from "../../core/decimal-field.ts";
import { eq } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { forUpdate } from "../../db/dialect.ts";
import { TRACKING } from "../../db/schema/stock.ts";
import { FieldErrorCollector, fieldError, fieldErrors, notFound } from "../../core/errors.ts";
import type { StockItemCreate, StockItemOut, StockItemPatch } from "./item-model.ts";
import { type DetailOptions, getStockItem, loadStockItems } from "./item-query.ts";
import { partDefaultLocation } from "../part/service.ts";
import { checkItemRefs, latestSerial, lockPartSerials, SERIAL_QUANTITY_MESSAGE, serialTaken } from "./item-validation.ts";
import { incrementSerial, parseSerialNumbers, SerialNumberError } from "./serial-numbers.ts";
import { type TrackingCode, writeTrackingEntry } from "./tracking.ts";
import { parts, stockItems, stockLocations } from "../../db/tables.ts";

/**
 * GET /api/part/<pk>/serial-numbers/ (InvenTree's PartSerialNumberSerializer): the part's highest
 * serial and the one after it, which "~" in a serial expression also gives ("1" with none; null when
 * the latest has no trailing number). The app fills a trackable part's new stock form with `next ?? latest`
 * (inventree-app part_detail.dart:799-807).
 */
export async function partSerialNumbers(db: Reads, part: number): Promise<{ latest: string | null; next: string | null }> {
  if ((await db.q.select({ id: parts.id }).from(parts).where(eq(parts.id, part)).limit(1)).length === 0) throw notFound();
  const latest = await latestSerial(db, part);
  return { latest, next: latest ? incrementSerial(latest) : "1" };
}

/** A stock item to create; omitted `location` means the part's default location. */
export interface NewStockItem {
  part: number;
  quantity: number;
  location?: number | null;
  serial?: string | null;
  batch?: string;
  packaging?: string;
  status?: number;
  supplier_part?: number | null;
  purchase_order?: number | null;
  sales_order?: number | null;
  customer?: number | null;
  purchase_price?: number | null;
  expiry_date?: string | null;
  notes?: string;
  link?: string;
}

export interface StockWriteOptions {
  /** Slug of the plugin acting for the user, recorded on the tracking entries. */
  plugin?: string | null;
  /** The tracking entry to write instead of CREATED, e.g. RECEIVED_AGAINST_PURCHASE_ORDER with `{purchaseorder: 3}`. */
  tracking?: { code: TrackingCode; notes?: string; deltas?: Record<string, unknown> };
}

/**
 * Creates stock items in one transaction (the caller's, when it has one open), one tracking entry each (CREATED unless
 * `opts.tracking` says otherwise; the item's quantity, location and status are added to its deltas).
 * Validates every reference first and throws a DRF-shaped 400 naming the field; a serialized item
 * must have quantity 1 and a serial unused for its part. Returns the new pks in input order.
 * The orders module calls this when receiving purchase-order lines.
 */
export function createStockItems(db: Writes, items: NewStockItem[], user: number | null, opts: StockWriteOptions = {}): Promise<number[]> {
  return db.write(async (tx) => {
    const ids: number[] = [];
    const serialsInBatch = new Set<string>();
    await lockPartSerials(tx, items.filter((i) => i.serial != null && i.serial !== "").map((i) => i.part));
    for (const input of items) {
      const errors = new FieldErrorCollector();
      const part = await checkItemRefs(tx, input, input.part, errors);
      const serial = input.serial === "" ? null : (input.serial ?? null);
      if (serial !== null) {
        if (input.quantity !== 1) errors.add("quantity", SERIAL_QUANTITY_MESSAGE);
        const key = `${input.part}\u0000${serial}`;
        if (serialsInBatch.has(key) || (await serialTaken(tx, input.part, serial))) errors.add("serial", "Serial number already exists");
        serialsInBatch.add(key);
      }
      // The model's DecimalField(max_digits=15, decimal_places=5), which InvenTree's full_clean checks.
      const precision = decimalPrecisionError(input.quantity);
      if (precision) errors.add("quantity", precision);
      else if (input.quantity < 0) errors.add("quantity", "Ensure this value is greater than or equal to 0.");
      errors.throwIfAny();
      if (!part) throw fieldError("part", "This field is required.");

      let location = input.location;
      if (location === undefined) {
        const fallback = await partDefaultLocation(tx, part);
        const [row] = fallback === null ? [] : await tx.q.select({ s: stockLocations.structural }).from(stockLocations).where(eq(stockLocations.id, fallback)).limit(1);
        location = row?.s === false ? fallback : null;
      }
      const [row] = await tx.q
        .insert(stockItems)
        .values({ ...input, serial, location, quantity: roundQuantity(input.quantity) })
        .returning({ id: stockItems.id, status: stockItems.status, quantity: stockItems.quantity });
      const deltas: Record<string, unknown> = { status: row.status, quantity: row.quantity, ...(location !== null ? { location } : {}), ...opts.tracking?.deltas };
      await writeTrackingEntry(tx, {
        item: row.id,
        tracking_type: opts.tracking?.code ?? TRACKING.CREATED,
        user,
        plugin: opts.plugin ?? null,
        notes: opts.tracking?.notes ?? "",
        deltas,
      });
      ids.push(row.id);
    }
    return ids;
  });
}

/** Rounds to InvenTree's 5 decimal places so float arithmetic does not leave 0.30000000000000004. */
export const roundQuantity = (q: number) => Math.round(q * 1e5) / 1e5;

/**
 * POST /api/stock/: one item, or with `serial_numbers` one item per serial (quantity must match
 * the count, the part must be trackable). Returns the new item, or the list when serialising.
 */
export function createFromApi(db: Writes, body: StockItemCreate, user: number | null): Promise<StockItemOut | StockItemOut[]> {
  return db.write(async (tx) => {
    const { serial_numbers, ...fields } = body;
    if (serial_numbers === undefined || serial_numbers.trim() === "") {
      const [id] = await createStockItems(tx, [fields], user);
      return getStockItem(tx, id);
    }
    const errors = new FieldErrorCollector();
    const part = await checkItemRefs(tx, { part: body.part }, body.part, errors);
    errors.throwIfAny();
    if (part && !part.trackable) throw fieldError("serial_numbers", "Serial numbers cannot be supplied for a non-trackable part");
    if (fields.serial) throw fieldError("serial", "Give either serial or serial_numbers, not both.");
    await lockPartSerials(tx, [body.part]);
    let serials: string[];
    try {
      serials = parseSerialNumbers(serial_numbers, body.quantity, await latestSerial(tx, body.part));
    } catch (e) {
      if (!(e instanceof SerialNumberError)) throw e;
      throw fieldErrors({ quantity: e.messages, serial_numbers: e.messages });
    }
    const taken: string[] = [];
    for (const s of serials) if (await serialTaken(tx, body.part, s)) taken.push(s);
    if (taken.length) {
      throw fieldError("serial_numbers", `The following serial numbers already exist or are invalid : ${taken.join(",")}`);
    }
    const ids = await createStockItems(
      tx,
      serials.map((serial) => ({ ...fields, serial, quantity: 1 })),
      user,
    );
    return loadStockItems(tx, ids);
  });
}

const EDITABLE = ["location", "quantity", "serial", "batch", "packaging", "status", "supplier_part", "purchase_order", "sales_order", "customer", "purchase_price", "expiry_date", "notes", "link"] as const;

/**
 * PATCH/PUT /api/stock/<pk>/: changes any writable field and records them in one EDITED tracking
 * entry (deltas hold the new values). The part cannot change; a serialized item keeps quantity 1.
 */
export function updateStockItem(db: Writes, pk: number, body: StockItemPatch, user: number | null, opts: DetailOptions = {}): Promise<StockItemOut> {
  return db.write(async (tx) => {
    const [current] = await forUpdate(tx, tx.q.select().from(stockItems).where(eq(stockItems.id, pk)).limit(1));
    if (!current) throw notFound();
    const errors = new FieldErrorCollector();
    if (body.part !== undefined && body.part !== current.part) errors.add("part", "The part of an existing stock item cannot be changed.");
    const changed: Partial<typeof stockItems.$inferInsert> = {};
    const deltas: Record<string, unknown> = {};
    for (const key of EDITABLE) {
      const value = body[key];
      if (value === undefined || value === current[key]) continue;
      (changed as Record<string, unknown>)[key] = key === "serial" && value === "" ? null : value;
      deltas[key] = changed[key];
    }
    const refs = Object.fromEntries(["location", "supplier_part", "purchase_order", "sales_order", "customer"].filter((k) => k in changed).map((k) => [k, changed[k as keyof typeof changed]]));
    await checkItemRefs(tx, refs, current.part, errors);
    const serial = "serial" in changed ? (changed.serial ?? null) : current.serial;
    const quantity = changed.quantity ?? current.quantity;
    const precision = changed.quantity !== undefined ? decimalPrecisionError(changed.quantity) : null;
    if (precision) errors.add("quantity", precision);
    else if (serial !== null && quantity !== 1) errors.add("quantity", SERIAL_QUANTITY_MESSAGE);
    if (serial !== null && "serial" in changed) await lockPartSerials(tx, [current.part]);
    if (serial !== null && "serial" in changed && (await serialTaken(tx, current.part, serial, pk))) errors.add("serial", "Serial number already exists");
    errors.throwIfAny();

    if (Object.keys(changed).length > 0) {
      if (changed.quantity !== undefined) changed.quantity = roundQuantity(changed.quantity);
      await tx.q.update(stockItems).set({ ...changed, updated: sqlFor(tx).now }).where(eq(stockItems.id, pk));
      await writeTrackingEntry(tx, { item: pk, tracking_type: TRACKING.EDITED, user, deltas });
    }
    return getStockItem(tx, pk, opts);
  });
}

/** DELETE /api/stock/<pk>/ (its tracking entries and test results go with it). */
export async function deleteStockItem(db: Writes, pk: number): Promise<void> {
  const gone = await db.write((tx) => tx.q.delete(stockItems).where(eq(stockItems.id, pk)).returning({ id: stockItems.id }));
  if (gone.length === 0) throw notFound();
}
