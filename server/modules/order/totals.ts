import type { Reads } from "../../db/database.ts";
import { inArray, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client.ts";
import type { purchaseOrderExtraLines, purchaseOrderLines, salesOrderExtraLines, salesOrderLines } from "../../db/schema/order.ts";

type LineTable = typeof purchaseOrderLines | typeof salesOrderLines;
type ExtraTable = typeof purchaseOrderExtraLines | typeof salesOrderExtraLines;

/**
 * SQLite's `sum()` of REAL values (Kahan-Babuska-Neumaier compensated, SQLite ≥ 3.43): PostgreSQL's
 * float8 `sum` adds plainly and can differ in the last bit (113.80000000000001 for 113.8), so the
 * terms are summed here, in id order (SQLite's order on the order index), the same on both backends.
 */
function sqliteSum(terms: number[]): number {
  let sum = 0;
  let err = 0;
  for (const r of terms) {
    const t = sum + r;
    if (Math.abs(sum) > Math.abs(r)) err += sum - t + r;
    else err += r - t + sum;
    sum = t;
  }
  return sum + err;
}

/**
 * InvenTree's order `total_price`: Σ unit price × quantity over the lines and extra lines, per order.
 * Orders with no priced line are absent from the map (their total is null).
 */
export async function orderTotals(db: Reads, lines: LineTable, price: SQLiteColumn, extras: ExtraTable, orderIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (orderIds.length === 0) return out;
  const add = (rows: { order: number; term: number | string | null }[]) => {
    const terms = new Map<number, number[]>();
    for (const r of rows) {
      if (r.term === null) continue;
      let list = terms.get(r.order);
      if (!list) terms.set(r.order, (list = []));
      list.push(Number(r.term));
    }
    for (const [order, list] of terms) out.set(order, (out.get(order) ?? 0) + sqliteSum(list));
  };
  // Both read at once; the lines' sums are added first, then the extra lines', as before.
  const [lineTerms, extraTerms] = await Promise.all([
    db.q
      .select({ order: lines.order, term: sql<number | null>`${price} * ${lines.quantity}` })
      .from(lines)
      .where(inArray(lines.order, orderIds))
      .orderBy(lines.id),
    db.q
      .select({ order: extras.order, term: sql<number | null>`${extras.price} * ${extras.quantity}` })
      .from(extras)
      .where(inArray(extras.order, orderIds))
      .orderBy(extras.id),
  ]);
  add(lineTerms);
  add(extraTerms);
  return out;
}
