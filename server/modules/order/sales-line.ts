import { rawRows, sqlFor } from "../../db/dialect.ts";
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Reads, Tx, Writes } from "../../db/database.ts";
import { inStockItemCondition } from "../stock/service.ts";
import { toCompanyBrief } from "./briefs.ts";
import { toPartBrief } from "../part/service.ts";
import { toSalesOrders } from "./sales-order.ts";
import { FieldErrorCollector, fieldErrors } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { findPart, findSalesLine, findSalesOrder, type SalesLineRow } from "./lookups.ts";
import type { SalesLineInput, SalesLineOut } from "./model.ts";
import { containsLike, orderingClause, listPage } from "../../db/query.ts";
import { invalidPk } from "../../core/errors.ts";
import { searchTerms, parseBoolQuery } from "../../core/query.ts";
import { createLine, deleteLine, type LineKindWrites, updateLine } from "./line-writes.ts";
import { getOne } from "./order-writes.ts";
import { PO_OPEN, SO_OPEN } from "./status.ts";
import { today } from "../../core/clock.ts";
import { companies, parts, partStockTotals, salesOrderAllocations, salesOrderLines, salesOrders, stockItems } from "../../db/tables.ts";

export interface SalesLineListQuery extends PageRequest {
  search?: string;
  ordering?: string;
  order?: number;
  part?: number;
  completed?: string;
  order_status?: number;
  part_detail?: string;
  order_detail?: string;
  customer_detail?: string;
}

/**
 * Per part: in-stock quantity not allocated to sales orders (InvenTree's `available_stock`) and on
 * open purchase orders. The in-stock quantity is the part's maintained total (part_stock_total,
 * migration 0004: the same SUM over its in-stock items, kept by triggers), so no item is read; the
 * allocated part is found from the parts' sales lines (an allocation's item is always of its line's
 * part: allocation.ts checks it, an item's part never changes, nor a line's while it holds
 * allocations), summing the allocations whose item is still in stock. Both grow with the page's
 * parts and their lines, not with their stock items (a hot part holds thousands).
 */
async function stockFigures(db: Reads, partIds: number[]): Promise<Map<number, { available: number; onOrder: number }>> {
  const out = new Map<number, { available: number; onOrder: number }>();
  if (partIds.length === 0) return out;
  const ids = sql.join(partIds.map((id) => sql`${id}`), sql`, `);
  const open = sql.raw(PO_OPEN.join(","));
  const outstanding = sqlFor(db).greatest(sql`l.quantity - l.received`, 0);
  const [totals, allocations, ordered] = await Promise.all([
    db.q.select({ part: partStockTotals.part, inStock: partStockTotals.in_stock }).from(partStockTotals).where(inArray(partStockTotals.part, partIds)),
    db.q
      .select({ part: stockItems.part, allocated: sql<number>`sum(${salesOrderAllocations.quantity})` })
      .from(salesOrderLines)
      .innerJoin(salesOrderAllocations, eq(salesOrderAllocations.line, salesOrderLines.id))
      .innerJoin(stockItems, eq(stockItems.id, salesOrderAllocations.item))
      .where(and(inArray(salesOrderLines.part, partIds), eq(stockItems.part, salesOrderLines.part), inStockItemCondition()))
      .groupBy(stockItems.part),
    rawRows<{ part: number; n: unknown }>(
      db,
      sql`select sp.part_id as part, sum(${outstanding} * sp.pack_quantity_native) as n from purchase_order_line l join supplier_part sp on sp.id = l.supplier_part_id join purchase_order o on o.id = l.order_id where o.status in (${open}) and sp.part_id in (${ids}) group by sp.part_id`,
    ),
  ]);
  const allocated = new Map(allocations.map((a) => [a.part, Number(a.allocated)]));
  for (const t of totals) if (t.inStock > 0) out.set(t.part, { available: Math.max(t.inStock - (allocated.get(t.part) ?? 0), 0), onOrder: 0 });
  for (const r of ordered) out.set(Number(r.part), { available: out.get(r.part)?.available ?? 0, onOrder: Number(r.n) });
  return out;
}

/** Serialises SO lines with the quantity allocated to each. */
export async function toSalesLines(db: Reads, rows: SalesLineRow[], opts: { partDetail?: boolean; orderDetail?: boolean; customerDetail?: boolean } = {}): Promise<SalesLineOut[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // Independent reads at once (side by side on PostgreSQL's pool).
  const [allocatedRows, figures, orderRows] = await Promise.all([
    db.q
      .select({ line: salesOrderAllocations.line, total: sql<number>`sum(${salesOrderAllocations.quantity})` })
      .from(salesOrderAllocations)
      .where(inArray(salesOrderAllocations.line, ids))
      .groupBy(salesOrderAllocations.line),
    stockFigures(db, [...new Set(rows.map((r) => r.part))]),
    db.q.select().from(salesOrders).where(inArray(salesOrders.id, [...new Set(rows.map((r) => r.order))])),
  ]);
  const allocated = new Map(allocatedRows.map((a) => [a.line, Number(a.total)]));
  const orders = new Map(orderRows.map((o) => [o.id, o.status]));
  const currencies = new Map(
    (await db.q
      .select({ id: companies.id, currency: companies.currency })
      .from(companies)
      .where(inArray(companies.id, [...new Set(orderRows.map((o) => o.customer))]))
      )
      .map((c) => [c.id, c.currency]),
  );
  const customerOf = new Map(orderRows.map((o) => [o.id, o.customer]));
  const orderDetails = opts.orderDetail ? new Map((await toSalesOrders(db, orderRows, { customerDetail: true })).map((o) => [o.pk, o])) : null;
  const customerRows = opts.customerDetail ? new Map((await db.q.select().from(companies).where(inArray(companies.id, [...new Set(orderRows.map((o) => o.customer))]))).map((c) => [c.id, c])) : null;
  const partRows = opts.partDetail ? new Map((await db.q.select().from(parts).where(inArray(parts.id, [...new Set(rows.map((r) => r.part))]))).map((p) => [p.id, p])) : null;
  const now = today();
  return rows.map((r) => {
    const out: SalesLineOut = {
      pk: r.id,
      order: r.order,
      part: r.part,
      quantity: r.quantity,
      shipped: r.shipped,
      allocated: allocated.get(r.id) ?? 0,
      sale_price: r.sale_price,
      reference: r.reference,
      notes: r.notes,
      target_date: r.target_date,
      overdue: SO_OPEN.includes(orders.get(r.order) ?? 0) && r.shipped < r.quantity && r.target_date !== null && r.target_date < now,
      link: r.link,
      sale_price_currency: currencies.get(customerOf.get(r.order) ?? 0) ?? "",
      project_code: null,
      available_stock: figures.get(r.part)?.available ?? 0,
      available_variant_stock: 0,
      building: 0,
      on_order: figures.get(r.part)?.onOrder ?? 0,
    };
    const order = orderDetails?.get(r.order);
    if (order) out.order_detail = order;
    const customer = customerRows?.get(customerOf.get(r.order) ?? 0);
    if (customer) out.customer_detail = toCompanyBrief(customer);
    const part = partRows?.get(r.part);
    if (part) out.part_detail = toPartBrief(part);
    return out;
  });
}

/** GET /api/order/so-line/ with InvenTree's filters (order, part, completed, order_status). */
export async function listSalesLines(db: Reads, q: SalesLineListQuery) {
  const conds: (SQL | undefined)[] = [];
  if (q.order !== undefined) conds.push(eq(salesOrderLines.order, q.order));
  if (q.part !== undefined) conds.push(eq(salesOrderLines.part, q.part));
  if (q.order_status !== undefined) conds.push(inArray(salesOrderLines.order, db.q.select({ id: salesOrders.id }).from(salesOrders).where(eq(salesOrders.status, q.order_status))));
  if (parseBoolQuery(q.completed) !== undefined) {
    const done = sql`${salesOrderLines.shipped} >= ${salesOrderLines.quantity}`;
    conds.push(parseBoolQuery(q.completed) ? done : sql`not (${done})`);
  }
  // DRF's SearchFilter: every word must be in the reference or the part's name.
  for (const term of searchTerms(q.search)) {
    conds.push(or(containsLike(salesOrderLines.reference, term), inArray(salesOrderLines.part, db.q.select({ id: parts.id }).from(parts).where(containsLike(parts.name, term)))));
  }
  const orderFields = {
      quantity: salesOrderLines.quantity,
      reference: salesOrderLines.reference,
      target_date: salesOrderLines.target_date,
      part__name: sql`(select name from part p where p.id = ${salesOrderLines.part})`,
    };
  const order = orderingClause(q.ordering, orderFields, [], salesOrderLines.id);
  const { total, rows } = await listPage(db, salesOrderLines, and(...conds), order, q);
  return { total, rows: await toSalesLines(db, rows, { partDetail: parseBoolQuery(q.part_detail), orderDetail: parseBoolQuery(q.order_detail), customerDetail: parseBoolQuery(q.customer_detail) }) };
}

/** One SO line, 404 when absent. */
export const getSalesLine = (db: Reads, id: number, opts: { partDetail?: boolean; orderDetail?: boolean; customerDetail?: boolean } = {}): Promise<SalesLineOut> => getOne(db, findSalesLine, (db, rows) => toSalesLines(db, rows, opts), id);

async function validateLine(db: Reads, merged: { order: number; part: number }, input: SalesLineInput): Promise<void> {
  const l = db;
  const errors = new FieldErrorCollector();
  if (!(await findSalesOrder(l, merged.order))) errors.add("order", invalidPk(merged.order));
  if (input.part !== undefined) {
    const part = await findPart(l, input.part);
    if (!part) errors.add("part", invalidPk(input.part));
    else if (!part.salable) errors.add("part", "Part must be salable");
  }
  if (input.quantity !== undefined && !(input.quantity > 0)) errors.add("quantity", "Quantity must be greater than zero");
  if (input.sale_price !== undefined && input.sale_price !== null && input.sale_price < 0) errors.add("sale_price", "Ensure this value is greater than or equal to 0.");
  errors.throwIfAny();
}

/** Stock set aside for a line cannot follow it to another part or order. */
async function checkAllocatedStays(tx: Tx, existing: SalesLineRow, input: SalesLineInput): Promise<void> {
  const moved = (["part", "order"] as const).filter((f) => input[f] !== undefined && input[f] !== existing[f]);
  if (moved.length === 0) return;
  const allocated = await tx.q.$count(salesOrderAllocations, eq(salesOrderAllocations.line, existing.id));
  if (allocated > 0) throw fieldErrors(Object.fromEntries(moved.map((f) => [f, [`Cannot change the ${f} of a line with allocated stock`]])));
}

/** SO lines as the shared line writes (line-writes.ts) take them. */
const SALES_LINE: LineKindWrites<typeof salesOrderLines, SalesLineInput, SalesLineOut> = {
  kind: "sales",
  table: () => salesOrderLines,
  validate: validateLine,
  serialise: (db, rows) => toSalesLines(db, rows),
  checkUpdate: checkAllocatedStays,
};

/** POST /api/order/so-line/: the part must be salable. */
export const createSalesLine = (db: Writes, input: SalesLineInput & { order: number; part: number; quantity: number }): Promise<SalesLineOut> => createLine(db, SALES_LINE, input);

/** PATCH/PUT /api/order/so-line/<pk>/; `shipped` is read-only (only shipping changes it). */
export const updateSalesLine = (db: Writes, id: number, input: SalesLineInput): Promise<SalesLineOut> => updateLine(db, SALES_LINE, id, input);

/** DELETE /api/order/so-line/<pk>/ (its allocations go with it). */
export const deleteSalesLine = (db: Writes, id: number): Promise<void> => deleteLine(db, SALES_LINE, id);
