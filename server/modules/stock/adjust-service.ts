import { decimalPrecisionError } from "../../core/decimal-field.ts";
import { today } from "../../core/clock.ts";
import { eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/database.ts";
import { forUpdate, rawRows, sqlFor } from "../../db/dialect.ts";
import { TRACKING } from "../../db/schema/stock.ts";
import { ApiError, fieldError } from "../../core/errors.ts";
import { roundQuantity } from "./item-service.ts";
import { invalidPk } from "../../core/errors.ts";
import { SERIAL_QUANTITY_MESSAGE } from "./item-validation.ts";
import { assertStockableLocation } from "./location-service.ts";
import { writeTrackingEntry } from "./tracking.ts";
import { stockItems, stockTestResults } from "../../db/tables.ts";

export type AdjustOp = "add" | "remove" | "count" | "transfer";

/** One line of an adjustment: the item, the quantity, and optional new batch/status (as InvenTree). */
export interface AdjustLine {
  pk: number;
  quantity: number;
  batch?: string;
  status?: number;
  packaging?: string;
}

export interface AdjustOptions {
  notes?: string;
  /** Destination; required for "transfer". */
  location?: number;
  /** Slug of the plugin acting for the user, recorded on every tracking entry. */
  plugin?: string | null;
}

export interface AdjustResult {
  /** The submitted items, in request order. */
  items: number[];
  /** Items created by splitting (partial transfers), in request order. */
  created: number[];
}

type ItemRow = typeof stockItems.$inferSelect;

const isSerialized = (r: ItemRow) => r.serial !== null && r.serial !== "";

/** Per-line validation; returns the error object for that line ({} when it is fine). */
function checkLine(op: AdjustOp, line: AdjustLine, row: ItemRow | undefined, duplicate: boolean): Record<string, string[]> {
  const e: Record<string, string[]> = {};
  const add = (f: string, m: string) => (e[f] ??= []).push(m);
  // InvenTree's StockAdjustmentItemSerializer: DecimalField(max_digits=15, decimal_places=5).
  const precision = decimalPrecisionError(line.quantity);
  if (precision) add("quantity", precision);
  else if (op === "count" ? line.quantity < 0 : line.quantity <= 0) {
    add("quantity", op === "count" ? "Ensure this value is greater than or equal to 0." : "Ensure this value is greater than 0.");
  }
  if (!row) {
    add("pk", invalidPk(line.pk));
    return e;
  }
  if (duplicate) add("pk", "This stock item appears more than once in the request.");
  // InvenTree refuses to adjust stock that has left (sent to a customer or a sales order).
  if (row.customer !== null || row.sales_order !== null) add("pk", "Stock item is not in stock");
  if (e.quantity) return e;
  if (isSerialized(row)) {
    if (op === "add" || op === "remove") add("quantity", "The quantity of a serialized stock item cannot be adjusted.");
    if (op === "count" && line.quantity > 1) add("quantity", SERIAL_QUANTITY_MESSAGE);
  }
  if ((op === "remove" || op === "transfer") && line.quantity > row.quantity) {
    add("quantity", `Quantity must not exceed available stock quantity (${row.quantity})`);
  }
  return e;
}

/**
 * Splits `quantity` off item `pk` into a new item (at `location`, default the same place), as
 * InvenTree's splitStock: SPLIT_FROM_PARENT on the new item, SPLIT_CHILD_ITEM on the parent, test
 * results copied. The caller validates (non-serialized, 0 < quantity < item quantity) and owns the
 * transaction. Returns the new item's pk. The orders module uses it to ship part of an item.
 */
export async function splitStockItem(
  tx: Tx,
  pk: number,
  quantity: number,
  user: number | null,
  opts: { location?: number | null; notes?: string; plugin?: string | null; batch?: string; status?: number; packaging?: string } = {},
): Promise<number> {
  const [parent] = await forUpdate(tx, tx.q.select().from(stockItems).where(eq(stockItems.id, pk)));
  if (!parent) throw fieldError("pk", invalidPk(pk));
  const { id: _id, creation_date: _c, updated: _u, barcode_data: _bd, barcode_hash: _bh, ...copy } = parent;
  const location = opts.location === undefined ? parent.location : opts.location;
  const [{ id: child }] = await tx.q
    .insert(stockItems)
    .values({ ...copy, quantity: roundQuantity(quantity), location, ...(opts.batch !== undefined ? { batch: opts.batch } : {}), ...(opts.status !== undefined ? { status: opts.status } : {}), ...(opts.packaging !== undefined ? { packaging: opts.packaging } : {}) })
    .returning({ id: stockItems.id });
  const remaining = roundQuantity(parent.quantity - quantity);
  await tx.q.update(stockItems).set({ quantity: remaining, updated: sqlFor(tx).now }).where(eq(stockItems.id, pk));

  const extra: Record<string, unknown> = {};
  if (opts.batch !== undefined) extra.batch = opts.batch;
  if (opts.status !== undefined) extra.status = opts.status;
  if (opts.packaging !== undefined) extra.packaging = opts.packaging;
  const common = { user, plugin: opts.plugin ?? null, notes: opts.notes ?? "" };
  await writeTrackingEntry(tx, {
    ...common,
    item: child,
    tracking_type: TRACKING.SPLIT_FROM_PARENT,
    deltas: { stockitem: pk, ...extra, ...(location !== null ? { location } : {}), quantity: roundQuantity(quantity) },
  });
  await writeTrackingEntry(tx, {
    ...common,
    item: pk,
    tracking_type: TRACKING.SPLIT_CHILD_ITEM,
    deltas: { removed: roundQuantity(quantity), quantity: remaining, ...(location !== null ? { location } : {}), stockitem: child },
  });
  await rawRows(tx, sql`INSERT INTO stock_test_result (stock_item_id, test, test_key, result, value, notes, date, user_id)
    SELECT ${child}, test, test_key, result, value, notes, date, user_id FROM ${stockTestResults} WHERE stock_item_id = ${pk}`);
  return child;
}

/**
 * Adds, removes, counts or transfers stock items, all or nothing: every line is validated before
 * anything is written, and a 400 names each bad line DRF-style (`{"items": [{}, {"quantity": [..]}]}`).
 * Writes InvenTree's tracking entries and deltas ({added, quantity}, {removed, quantity}, {quantity},
 * {location, old_location}; splits for partial transfers). Call inside a transaction; the HTTP
 * actions and the plugin host's stock function both come through here.
 */
export async function adjustStock(tx: Tx, op: AdjustOp, lines: AdjustLine[], user: number | null, opts: AdjustOptions = {}): Promise<AdjustResult> {
  if (lines.length === 0) throw fieldError("items", "A list of stock items must be provided");
  const errors: Record<string, unknown> = {};
  if (op === "transfer") {
    if (opts.location === undefined) errors.location = ["This field is required."];
    else {
      try {
        await assertStockableLocation(tx, opts.location);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        Object.assign(errors, e.body);
      }
    }
  }
  const pks = [...new Set(lines.map((l) => l.pk))];
  const rows = new Map((await forUpdate(tx, tx.q.select().from(stockItems).where(inArray(stockItems.id, pks)))).map((r) => [r.id, r]));
  const seen = new Set<number>();
  const lineErrors = lines.map((line) => {
    const dup = seen.has(line.pk);
    seen.add(line.pk);
    return checkLine(op, line, rows.get(line.pk), dup);
  });
  if (lineErrors.some((e) => Object.keys(e).length > 0)) errors.items = lineErrors;
  if (Object.keys(errors).length > 0) throw new ApiError(400, errors);

  const notes = opts.notes ?? "";
  const plugin = opts.plugin ?? null;
  const created: number[] = [];
  for (const line of lines) {
    const row = rows.get(line.pk) as ItemRow;
    const q = roundQuantity(line.quantity);
    const extra: Record<string, unknown> = {};
    const set: Partial<typeof stockItems.$inferInsert> = {};
    if (line.batch !== undefined && line.batch !== row.batch) set.batch = extra.batch = line.batch;
    if (line.status !== undefined && line.status !== row.status) set.status = extra.status = line.status;
    if (line.packaging !== undefined && line.packaging !== row.packaging) set.packaging = extra.packaging = line.packaging;
    const entry = (tracking_type: (typeof TRACKING)[keyof typeof TRACKING], deltas: Record<string, unknown>) =>
      writeTrackingEntry(tx, { item: row.id, tracking_type, user, plugin, notes, deltas: { ...extra, ...deltas } });
    const now = sqlFor(tx).now;

    if (op === "add" || op === "remove") {
      const quantity = roundQuantity(op === "add" ? row.quantity + q : row.quantity - q);
      await tx.q.update(stockItems).set({ ...set, quantity, updated: now }).where(eq(stockItems.id, row.id));
      if (op === "add") await entry(TRACKING.STOCK_ADD, { added: q, quantity });
      else await entry(TRACKING.STOCK_REMOVE, { removed: q, quantity });
    } else if (op === "count") {
      await tx.q.update(stockItems).set({ ...set, quantity: q, stocktake_date: today(), updated: now }).where(eq(stockItems.id, row.id));
      await entry(TRACKING.STOCK_COUNT, { quantity: q });
    } else {
      const dest = opts.location as number;
      if (!isSerialized(row) && q < row.quantity) {
        created.push(await splitStockItem(tx, row.id, q, user, { location: dest, notes, plugin, batch: line.batch, status: line.status, packaging: line.packaging }));
      } else {
        await tx.q.update(stockItems).set({ ...set, location: dest, updated: now }).where(eq(stockItems.id, row.id));
        // InvenTree records a move into the same location as STOCK_UPDATE, without a location delta.
        if (row.location === dest) await entry(TRACKING.STOCK_UPDATE, {});
        else await entry(TRACKING.LOCATION_CHANGE, { location: dest, old_location: row.location });
      }
    }
  }
  return { items: lines.map((l) => l.pk), created };
}
