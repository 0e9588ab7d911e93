/**
 * Extra lines of purchase and sales orders (freight, fees…): a reference, a quantity and a unit
 * price, no part. Lines of a closed order are locked as its part lines are.
 */
import { and, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { parseBoolQuery } from "../../core/query.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { purchaseOrderExtraLines, purchaseOrders, salesOrderExtraLines, salesOrders } from "../../db/schema/order.ts";
import { FieldErrorCollector, fieldErrors, notFound } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { containsAny, orderingClause } from "../../db/query.ts";
import { invalidPk } from "../../core/errors.ts";
import { searchCondition } from "../../db/query.ts";
import type { ExtraLineInput, ExtraLineOut } from "./extra-line-model.ts";
import { toPurchaseOrders } from "./purchase-order.ts";
import { LOCKED } from "./query.ts";
import { toSalesOrders } from "./sales-order.ts";
import { PO_OPEN, SO_OPEN } from "./status.ts";
import { writeTransaction } from "../../db/write.ts";

export type ExtraLineKind = "purchase" | "sales";

const TABLES = { purchase: purchaseOrderExtraLines, sales: salesOrderExtraLines } as const;
type ExtraRow = typeof purchaseOrderExtraLines.$inferSelect;

function findOrder(db: DbOrTx, kind: ExtraLineKind, id: number): { id: number; status: number; currency: string } | undefined {
  const order =
    kind === "purchase"
      ? db.select({ id: purchaseOrders.id, status: purchaseOrders.status, company: purchaseOrders.supplier }).from(purchaseOrders).where(eq(purchaseOrders.id, id)).get()
      : db.select({ id: salesOrders.id, status: salesOrders.status, company: salesOrders.customer }).from(salesOrders).where(eq(salesOrders.id, id)).get();
  if (!order) return undefined;
  const currency = db.all<{ currency: string }>(sql`select currency from company where id = ${order.company}`)[0]?.currency ?? "";
  return { id: order.id, status: order.status, currency };
}

const isOpen = (kind: ExtraLineKind, status: number) => (kind === "purchase" ? PO_OPEN : SO_OPEN).includes(status);

function toOut(db: DbOrTx, kind: ExtraLineKind, rows: ExtraRow[], orderDetail?: boolean): ExtraLineOut[] {
  const ids = [...new Set(rows.map((r) => r.order))];
  const details = new Map<number, unknown>();
  if (orderDetail && ids.length) {
    if (kind === "purchase") for (const o of toPurchaseOrders(db, db.select().from(purchaseOrders).where(inArray(purchaseOrders.id, ids)).all(), { supplierDetail: true })) details.set(o.pk, o);
    else for (const o of toSalesOrders(db, db.select().from(salesOrders).where(inArray(salesOrders.id, ids)).all(), { customerDetail: true })) details.set(o.pk, o);
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
export function listExtraLines(db: Db, kind: ExtraLineKind, q: ExtraLineListQuery) {
  const table = TABLES[kind];
  const conds: (SQL | undefined)[] = [];
  if (q.order !== undefined) conds.push(eq(table.order, q.order));
  conds.push(searchCondition(q.search, [table.reference, table.description, table.notes]));
  const where = and(...conds);
  const total = db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
  const orderFields = { quantity: table.quantity, reference: table.reference, description: table.description, price: table.price };
  const order = orderingClause(q.ordering, orderFields, [], table.id);
  let query = db.select().from(table).where(where).orderBy(...order).$dynamic();
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: toOut(db, kind, query.all(), parseBoolQuery(q.order_detail)) };
}

function findLine(db: DbOrTx, kind: ExtraLineKind, id: number): ExtraRow | undefined {
  const table = TABLES[kind];
  return db.select().from(table).where(eq(table.id, id)).get();
}

export function getExtraLine(db: DbOrTx, kind: ExtraLineKind, id: number, orderDetail?: boolean): ExtraLineOut {
  const row = findLine(db, kind, id);
  if (!row) throw notFound();
  return toOut(db, kind, [row], orderDetail)[0];
}

/** Order exists and is open (else InvenTree's lock message); quantity and price not negative. */
function validate(db: DbOrTx, kind: ExtraLineKind, orderId: number, input: ExtraLineInput): { currency: string } {
  const errors = new FieldErrorCollector();
  const order = findOrder(db, kind, orderId);
  if (!order) errors.add("order", invalidPk(orderId));
  if (input.quantity !== undefined && input.quantity < 0) errors.add("quantity", "Ensure this value is greater than or equal to 0.");
  if (input.price != null && input.price < 0) errors.add("price", "Ensure this value is greater than or equal to 0.");
  errors.throwIfAny();
  if (order && !isOpen(kind, order.status)) throw fieldErrors({ non_field_errors: [LOCKED] });
  return { currency: order?.currency ?? "" };
}

export function createExtraLine(db: Db, kind: ExtraLineKind, input: ExtraLineInput & { order: number }): ExtraLineOut {
  const table = TABLES[kind];
  const row = writeTransaction(db, (tx) => {
    const { currency } = validate(tx, kind, input.order, input);
    // The order's company currency unless one is given, as InvenTree's default currency.
    return tx.insert(table).values({ price_currency: currency, ...input }).returning().get();
  });
  return toOut(db, kind, [row])[0];
}

export function updateExtraLine(db: Db, kind: ExtraLineKind, id: number, input: ExtraLineInput): ExtraLineOut {
  const table = TABLES[kind];
  const existing = findLine(db, kind, id);
  if (!existing) throw notFound();
  const row = writeTransaction(db, (tx) => {
    validate(tx, kind, existing.order, input);
    if (input.order !== undefined && input.order !== existing.order) validate(tx, kind, input.order, input);
    if (Object.keys(input).length === 0) return existing;
    return tx.update(table).set(input).where(eq(table.id, id)).returning().get();
  });
  return toOut(db, kind, [row])[0];
}

export function deleteExtraLine(db: Db, kind: ExtraLineKind, id: number): void {
  const table = TABLES[kind];
  const existing = findLine(db, kind, id);
  if (!existing) throw notFound();
  validate(db, kind, existing.order, {});
  db.delete(table).where(eq(table.id, id)).run();
}
