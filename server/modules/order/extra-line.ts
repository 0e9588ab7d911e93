/**
 * Extra lines of purchase and sales orders (freight, fees…): a reference, a quantity and a unit
 * price, no part. Lines of a closed order are locked as its part lines are.
 */
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { parseBoolQuery } from "../../core/query.ts";
import type { Reads, Writes } from "../../db/database.ts";
import { FieldErrorCollector, fieldErrors, notFound } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { orderingClause, listPage } from "../../db/query.ts";
import { invalidPk } from "../../core/errors.ts";
import { searchCondition } from "../../db/query.ts";
import type { ExtraLineInput, ExtraLineOut } from "./extra-line-model.ts";
import { toPurchaseOrders } from "./purchase-order.ts";
import { LOCKED } from "./query.ts";
import { toSalesOrders } from "./sales-order.ts";
import { openStatuses, type OrderKind } from "./status.ts";
import { lockLine, lockOrder } from "./locks.ts";
import { getOne } from "./order-writes.ts";
import { companies, purchaseOrderExtraLines, purchaseOrders, salesOrderExtraLines, salesOrders } from "../../db/tables.ts";

/** The kind's table, as db/tables.ts binds it now (a module-level map would keep the SQLite tables on PostgreSQL). */
const tableOf = (kind: OrderKind) => (kind === "purchase" ? purchaseOrderExtraLines : salesOrderExtraLines);
type ExtraRow = typeof purchaseOrderExtraLines.$inferSelect;

/** The order a write of its extra lines checks, locked (locks.ts): its status decides whether its lines may change; undefined when absent. */
async function findOrder(tx: Reads, kind: OrderKind, id: number): Promise<{ id: number; status: number; currency: string } | undefined> {
  const row = await lockOrder(kind)(tx, id);
  if (!row) return undefined;
  const order = { id: row.id, status: row.status, company: "supplier" in row ? row.supplier : row.customer };
  const [company] = await tx.q.select({ currency: companies.currency }).from(companies).where(eq(companies.id, order.company)).limit(1);
  return { id: order.id, status: order.status, currency: company?.currency ?? "" };
}

async function toOut(db: Reads, kind: OrderKind, rows: ExtraRow[], orderDetail?: boolean): Promise<ExtraLineOut[]> {
  const ids = [...new Set(rows.map((r) => r.order))];
  const details = new Map<number, unknown>();
  if (orderDetail && ids.length) {
    // The orders' serialisers are the model registry's (synchronous while plugins call them).
    if (kind === "purchase") for (const o of (await toPurchaseOrders(db, await db.q.select().from(purchaseOrders).where(inArray(purchaseOrders.id, ids)), { supplierDetail: true }))) details.set(o.pk, o);
    else for (const o of (await toSalesOrders(db, await db.q.select().from(salesOrders).where(inArray(salesOrders.id, ids)), { customerDetail: true }))) details.set(o.pk, o);
  }
  return rows.map((r) => {
    const out: ExtraLineOut = {
      pk: r.id,
      order: r.order,
      reference: r.reference,
      description: r.description,
      quantity: r.quantity,
      price: r.price,
      price_currency: r.price_currency,
      notes: r.notes,
      link: r.link,
      context: null,
    };
    if (details.has(r.order)) out.order_detail = details.get(r.order);
    return out;
  });
}

export interface ExtraLineListQuery extends PageRequest {
  search?: string;
  ordering?: string;
  order?: number;
  order_detail?: string;
}

/** GET /api/order/{po,so}-extra-line/ with the `order` filter, search and ordering. */
export async function listExtraLines(db: Reads, kind: OrderKind, q: ExtraLineListQuery) {
  const table = tableOf(kind);
  const conds: (SQL | undefined)[] = [];
  if (q.order !== undefined) conds.push(eq(table.order, q.order));
  conds.push(searchCondition(q.search, [table.reference, table.description, table.notes]));
  const orderFields = { quantity: table.quantity, reference: table.reference, description: table.description, price: table.price };
  const order = orderingClause(q.ordering, orderFields, [], table.id);
  const { total, rows } = await listPage(db, table, and(...conds), order, q);
  return { total, rows: await toOut(db, kind, rows, parseBoolQuery(q.order_detail)) };
}

async function findLine(db: Reads, kind: OrderKind, id: number): Promise<ExtraRow | undefined> {
  const table = tableOf(kind);
  const [row] = await db.q.select().from(table).where(eq(table.id, id)).limit(1);
  return row;
}

export function getExtraLine(db: Reads, kind: OrderKind, id: number, orderDetail?: boolean): Promise<ExtraLineOut> {
  return getOne(db, (db, id) => findLine(db, kind, id), (db, rows) => toOut(db, kind, rows, orderDetail), id);
}

/** Order exists and is open (else InvenTree's lock message); quantity and price not negative. */
async function validate(db: Reads, kind: OrderKind, orderId: number, input: ExtraLineInput): Promise<{ currency: string }> {
  const errors = new FieldErrorCollector();
  const order = await findOrder(db, kind, orderId);
  if (!order) errors.add("order", invalidPk(orderId));
  if (input.quantity !== undefined && input.quantity < 0) errors.add("quantity", "Ensure this value is greater than or equal to 0.");
  if (input.price != null && input.price < 0) errors.add("price", "Ensure this value is greater than or equal to 0.");
  errors.throwIfAny();
  if (order && !openStatuses(kind).includes(order.status)) throw fieldErrors({ non_field_errors: [LOCKED] });
  return { currency: order?.currency ?? "" };
}

export function createExtraLine(db: Writes, kind: OrderKind, input: ExtraLineInput & { order: number }): Promise<ExtraLineOut> {
  const table = tableOf(kind);
  return db.write(async (tx) => {
    const { currency } = await validate(tx, kind, input.order, input);
    // The order's company currency unless one is given, as InvenTree's default currency.
    const [row] = await tx.q.insert(table).values({ price_currency: currency, ...input }).returning();
    return (await toOut(tx, kind, [row]))[0];
  });
}

export function updateExtraLine(db: Writes, kind: OrderKind, id: number, input: ExtraLineInput): Promise<ExtraLineOut> {
  const table = tableOf(kind);
  return db.write(async (tx) => {
    const existing = await lockLine(tx, kind, table, id);
    if (!existing) throw notFound();
    await validate(tx, kind, existing.order, input);
    if (input.order !== undefined && input.order !== existing.order) await validate(tx, kind, input.order, input);
    const [row] = Object.keys(input).length === 0 ? [existing] : await tx.q.update(table).set(input).where(eq(table.id, id)).returning();
    return (await toOut(tx, kind, [row]))[0];
  });
}

export async function deleteExtraLine(db: Writes, kind: OrderKind, id: number): Promise<void> {
  const table = tableOf(kind);
  await db.write(async (tx) => {
    const existing = await lockLine(tx, kind, table, id);
    if (!existing) throw notFound();
    await validate(tx, kind, existing.order, {});
    await tx.q.delete(table).where(eq(table.id, id));
  });
}
