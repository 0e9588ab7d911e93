/**
 * The writes purchase and sales order lines share: each locks the line's order first (locks.ts),
 * and lines of a closed order are frozen, as InvenTree's check_locked with its default settings.
 * Each kind brings what differs — its table, validation, serialiser and any further check of an
 * update — as a `LineKindWrites`, defined beside the kind's own service (purchase-line.ts,
 * sales-line.ts).
 */
import { eq } from "drizzle-orm";
import type { SQLiteInsertValue, SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { Reads, Tx, Writes } from "../../db/database.ts";
import { fieldErrors, notFound } from "../../core/errors.ts";
import { purchaseOrderLines, salesOrderLines } from "../../db/tables.ts";
import { LOCKED } from "./query.ts";
import { lockLine, lockOrder } from "./locks.ts";
import { openStatuses, type OrderKind } from "./status.ts";

type LineTable = typeof purchaseOrderLines | typeof salesOrderLines;
/** The fields a line always has once created. */
type LineKeys = { order: number; part: number; quantity: number };

/**
 * One kind of order line as the shared writes need it. `Input` is the kind's body schema
 * (model.ts), whose fields are its table's columns: the writes hand it to drizzle as the table's values.
 */
export interface LineKindWrites<T extends LineTable, Input extends Partial<LineKeys>, Out> {
  kind: OrderKind;
  /** The kind's table, as db/tables.ts binds it now. */
  table: () => T;
  /** Field errors of the line as the write leaves it (`merged`) and of the fields given, thrown as a 400. */
  validate: (db: Reads, merged: LineKeys, input: Input) => Promise<void>;
  serialise: (db: Reads, rows: T["$inferSelect"][]) => Promise<Out[]>;
  /** A further check of an update, after the shared ones (the order's lock is held). */
  checkUpdate?: (tx: Tx, existing: T["$inferSelect"], input: Input) => Promise<void>;
}

/** Locks the order of a line write and refuses the write when the order is closed. */
async function assertOrderOpen(tx: Reads, kind: OrderKind, orderId: number): Promise<void> {
  // Locked: its status must not change until this write of its lines commits.
  const order = await lockOrder(kind)(tx, orderId);
  if (order && !openStatuses(kind).includes(order.status)) throw fieldErrors({ non_field_errors: [LOCKED] });
}

/** The line as a write leaves it, locked after its order; 404 when absent. */
async function lockedLine<T extends LineTable>(tx: Tx, kind: OrderKind, table: T, id: number): Promise<T["$inferSelect"]> {
  const row = await lockLine(tx, kind, table, id);
  if (!row) throw notFound();
  return row;
}

/** POST: a line of an open order. */
export function createLine<T extends LineTable, Input extends Partial<LineKeys>, Out>(db: Writes, line: LineKindWrites<T, Input, Out>, input: Input & LineKeys): Promise<Out> {
  return db.write(async (tx) => {
    await lockOrder(line.kind)(tx, input.order);
    await line.validate(tx, input, input);
    await assertOrderOpen(tx, line.kind, input.order);
    const [row] = await tx.q.insert(line.table()).values(input as unknown as SQLiteInsertValue<T>).returning();
    return (await line.serialise(tx, [row as T["$inferSelect"]]))[0];
  });
}

/** PATCH/PUT: the line's order, and the order it moves to, must be open. */
export function updateLine<T extends LineTable, Input extends Partial<LineKeys>, Out>(db: Writes, line: LineKindWrites<T, Input, Out>, id: number, input: Input): Promise<Out> {
  return db.write(async (tx) => {
    const table = line.table();
    const existing = await lockedLine(tx, line.kind, table, id);
    const movesTo = input.order !== undefined && input.order !== existing.order ? input.order : undefined;
    // The order it moves to is checked and gains a line: locked too.
    if (movesTo !== undefined) await lockOrder(line.kind)(tx, movesTo);
    await line.validate(tx, { ...existing, ...input }, input);
    await assertOrderOpen(tx, line.kind, existing.order);
    if (movesTo !== undefined) await assertOrderOpen(tx, line.kind, movesTo);
    await line.checkUpdate?.(tx, existing, input);
    if (Object.keys(input).length === 0) return (await line.serialise(tx, [existing]))[0];
    const [row] = await tx.q.update(table).set(input as unknown as SQLiteUpdateSetSource<T>).where(eq(table.id, id)).returning();
    return (await line.serialise(tx, [row as T["$inferSelect"]]))[0];
  });
}

/** DELETE: a line of an open order. */
export async function deleteLine(db: Writes, line: Pick<LineKindWrites<LineTable, object, unknown>, "kind" | "table">, id: number): Promise<void> {
  await db.write(async (tx) => {
    const table = line.table();
    const existing = await lockedLine(tx, line.kind, table, id);
    await assertOrderOpen(tx, line.kind, existing.order);
    await tx.q.delete(table).where(eq(table.id, id));
  });
}
