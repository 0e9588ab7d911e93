import type { Reads } from "../../db/database.ts";
import { inArray, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client.ts";
import type { purchaseOrderExtraLines, purchaseOrderLines, salesOrderExtraLines, salesOrderLines } from "../../db/schema/order.ts";

type LineTable = typeof purchaseOrderLines | typeof salesOrderLines;
type ExtraTable = typeof purchaseOrderExtraLines | typeof salesOrderExtraLines;

/**
 * InvenTree's order `total_price`: Σ unit price × quantity over the lines and extra lines, per order.
 * Orders with no priced line are absent from the map (their total is null).
 */
export async function orderTotals(db: Reads, lines: LineTable, price: SQLiteColumn, extras: ExtraTable, orderIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (orderIds.length === 0) return out;
  const add = (rows: { order: number; total: number | null }[]) => {
    for (const r of rows) if (r.total !== null) out.set(r.order, (out.get(r.order) ?? 0) + Number(r.total));
  };
  add(
    (await db.q
      .select({ order: lines.order, total: sql<number | null>`sum(${price} * ${lines.quantity})` })
      .from(lines)
      .where(inArray(lines.order, orderIds))
      .groupBy(lines.order)
      ),
  );
  add(
    (await db.q
      .select({ order: extras.order, total: sql<number | null>`sum(${extras.price} * ${extras.quantity})` })
      .from(extras)
      .where(inArray(extras.order, orderIds))
      .groupBy(extras.order)
      ),
  );
  return out;
}
