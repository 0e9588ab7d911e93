/**
 * The row locks of the order module's read-modify-writes (issue 12; docs/data-layer.md,
 * "Concurrency on PostgreSQL"). Each write locks, with db/dialect.ts's `forUpdate`, the rows whose
 * values it checks and then changes (an order's status, a line's `received`, a stock item's
 * unallocated quantity), so concurrent requests on PostgreSQL queue behind each other instead of
 * both passing a check only one may pass, or one overwriting the other's update. On SQLite, whose
 * one writer already serialises transactions, these are plain reads.
 *
 * One order of locking everywhere, so two writes never wait on each other in opposite orders (a
 * deadlock PostgreSQL would break only after `deadlock_timeout`): first the order row — every write
 * of an order, its lines, extra lines, shipments or allocations locks it, which also serialises
 * its status checks against its transitions — then the rows under it, then stock items in pk order.
 * A write that starts from a row under an order finds that order, locks it, then locks the row
 * (`lockUnderOrder`).
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Reads } from "../../db/database.ts";
import { forUpdate } from "../../db/dialect.ts";
import { purchaseOrderExtraLines, purchaseOrderLines, purchaseOrders, salesOrderExtraLines, salesOrderLines, salesOrders, stockItems } from "../../db/tables.ts";
import type { PurchaseOrderRow, SalesOrderRow } from "./lookups.ts";
import type { OrderKind } from "./status.ts";

/** A purchase order that a write checks and changes, locked; undefined when absent. */
export const lockPurchaseOrder = async (tx: Reads, id: number): Promise<PurchaseOrderRow | undefined> =>
  (await forUpdate(tx, tx.q.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).limit(1)))[0];

/** A sales order that a write checks and changes, locked; undefined when absent. */
export const lockSalesOrder = async (tx: Reads, id: number): Promise<SalesOrderRow | undefined> =>
  (await forUpdate(tx, tx.q.select().from(salesOrders).where(eq(salesOrders.id, id)).limit(1)))[0];

/** Locks the order of `kind` (either function above). */
export const lockOrder = (kind: OrderKind): ((tx: Reads, id: number) => Promise<PurchaseOrderRow | SalesOrderRow | undefined>) => (kind === "purchase" ? lockPurchaseOrder : lockSalesOrder);

/**
 * Locks stock items a write then reads, checks and changes, in pk order (after their orders); the
 * caller reads them afterwards. Nothing on SQLite (no query either).
 */
export async function lockStockItems(tx: Reads, pks: readonly number[]): Promise<void> {
  if (tx.dialect !== "postgres" || pks.length === 0) return;
  await forUpdate(tx, tx.q.select({ id: stockItems.id }).from(stockItems).where(inArray(stockItems.id, [...new Set(pks)])).orderBy(asc(stockItems.id)));
}

/**
 * A row under an order (a line, a shipment, an allocation) that a write changes, locked after its
 * order: `select()` builds the row's query (giving one row at most), `orderOf` names the row's
 * order and `lockOrder` locks it. On PostgreSQL the row is read to find its order, the order is
 * locked, then the row is read again locked — once more should it have moved to another order
 * meanwhile. On SQLite one plain read. Undefined when absent.
 */
export async function lockUnderOrder<R>(tx: Reads, select: () => PromiseLike<R[]>, orderOf: (row: R) => number, lockOrder: (tx: Reads, id: number) => Promise<unknown>): Promise<R | undefined> {
  if (tx.dialect !== "postgres") return (await select())[0];
  for (;;) {
    const [seen] = await select();
    if (seen === undefined) return undefined;
    await lockOrder(tx, orderOf(seen));
    const [row] = await forUpdate(tx, select());
    if (row === undefined || orderOf(row) === orderOf(seen)) return row;
  }
}

type LineTable = typeof purchaseOrderLines | typeof salesOrderLines | typeof purchaseOrderExtraLines | typeof salesOrderExtraLines;

/** A line or extra line of an order of `kind` that a write changes, locked after its order (`lockUnderOrder`); undefined when absent. */
export function lockLine<T extends LineTable>(tx: Reads, kind: OrderKind, table: T, id: number): Promise<T["$inferSelect"] | undefined> {
  // The query itself, not its promise: lockUnderOrder adds FOR UPDATE to it on PostgreSQL.
  const select = () => tx.q.select().from(table).where(eq(table.id, id)).limit(1) as unknown as PromiseLike<T["$inferSelect"][]>;
  return lockUnderOrder(tx, select, (r) => r.order, lockOrder(kind));
}
