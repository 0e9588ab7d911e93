import { and, count, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { PO_STATUS } from "../../db/schema/order.ts";
import { FieldErrorCollector } from "../../core/errors.ts";
import { toCompanyBrief } from "./briefs.ts";
import { findCompany, findLocation, findPurchaseOrder, type PurchaseOrderRow } from "./lookups.ts";
import { NEUTRAL_ORDER_FIELDS, type PurchaseOrderInput, type PurchaseOrderOut } from "./model.ts";
import { referenceFieldError } from "./reference.ts";
import { lockPurchaseOrder } from "./locks.ts";
import { createOrder, deleteOrder, getOne, type OrderKindWrites, updateOrder } from "./order-writes.ts";
import { isOverdue, orderConditions, type OrderListQuery, outstandingTotal } from "./order-filters.ts";
import { orderTotals } from "./totals.ts";
import { orderingClause, orderingTerms, listPage } from "../../db/query.ts";
import { invalidPk } from "../../core/errors.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { checkOrderDates } from "./start-date.ts";
import { poStatusText } from "./status.ts";
import { today } from "../../core/clock.ts";
import { companies, ofBoundTables, purchaseOrderExtraLines, purchaseOrderLines, purchaseOrders, supplierParts } from "../../db/tables.ts";

export interface PurchaseOrderListQuery extends OrderListQuery {
  supplier?: number;
  supplier_detail?: string;
  supplier_part?: number;
}
const lineCount = ofBoundTables(() => sql<number>`(select count(*) from purchase_order_line l where l.order_id = ${purchaseOrders.id})`);

/** Serialises purchase orders with InvenTree's annotations (line counts, overdue), a few queries for a whole page. */
export async function toPurchaseOrders(db: Reads, rows: PurchaseOrderRow[], opts: { supplierDetail?: boolean } = {}): Promise<PurchaseOrderOut[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // Independent reads at once (side by side on PostgreSQL's pool).
  const [countRows, totals, supplierRows] = await Promise.all([
    db.q
      .select({ order: purchaseOrderLines.order, total: count(), done: sql<number>`sum(case when ${purchaseOrderLines.received} >= ${purchaseOrderLines.quantity} then 1 else 0 end)` })
      .from(purchaseOrderLines)
      .where(inArray(purchaseOrderLines.order, ids))
      .groupBy(purchaseOrderLines.order),
    orderTotals(db, purchaseOrderLines, purchaseOrderLines.purchase_price, purchaseOrderExtraLines, ids),
    db.q.select().from(companies).where(inArray(companies.id, [...new Set(rows.map((r) => r.supplier))])),
  ]);
  const counts = new Map(countRows.map((c) => [c.order, c]));
  const suppliers = new Map(supplierRows.map((c) => [c.id, c]));
  const now = today();
  return rows.map((r) => {
    const supplier = suppliers.get(r.supplier);
    const c = counts.get(r.id);
    const out: PurchaseOrderOut = {
      pk: r.id,
      reference: r.reference,
      supplier: r.supplier,
      supplier_name: supplier?.name ?? "",
      supplier_reference: r.supplier_reference,
      description: r.description,
      status: r.status,
      status_text: poStatusText(r.status),
      destination: r.destination,
      creation_date: r.creation_date.slice(0, 10),
      issue_date: r.issue_date,
      start_date: r.start_date,
      target_date: r.target_date,
      complete_date: r.complete_date,
      created_by: r.created_by,
      notes: r.notes,
      barcode_hash: r.barcode_hash,
      line_items: c?.total ?? 0,
      completed_lines: Number(c?.done ?? 0),
      overdue: isOverdue("purchase", r, now),
      link: r.link,
      status_custom_key: r.status,
      order_currency: supplier?.currency ?? null,
      total_price: totals.get(r.id) ?? null,
      ...NEUTRAL_ORDER_FIELDS,
    };
    if (opts.supplierDetail && supplier) out.supplier_detail = toCompanyBrief(supplier);
    return out;
  });
}

/** GET /api/order/po/ with InvenTree's filters, search and ordering. */
export async function listPurchaseOrders(db: Reads, q: PurchaseOrderListQuery) {
  const conds: (SQL | undefined)[] = [];
  if (q.supplier !== undefined) conds.push(eq(purchaseOrders.supplier, q.supplier));
  if (q.supplier_part !== undefined) conds.push(inArray(purchaseOrders.id, db.q.select({ id: purchaseOrderLines.order }).from(purchaseOrderLines).where(eq(purchaseOrderLines.part, q.supplier_part))));
  if (q.part !== undefined) {
    const sps = db.q.select({ id: supplierParts.id }).from(supplierParts).where(eq(supplierParts.part, q.part));
    conds.push(inArray(purchaseOrders.id, db.q.select({ id: purchaseOrderLines.order }).from(purchaseOrderLines).where(inArray(purchaseOrderLines.part, sps))));
  }
  conds.push(...orderConditions(db, "purchase", q));
  const orderFields = {
      reference: purchaseOrders.reference,
      creation_date: purchaseOrders.creation_date,
      start_date: purchaseOrders.start_date,
      target_date: purchaseOrders.target_date,
      status: purchaseOrders.status,
      supplier__name: sql`(select name from company c where c.id = ${purchaseOrders.supplier})`,
      line_items: lineCount(),
    };
  const order = orderingClause(q.ordering, orderFields, orderingTerms("-reference", orderFields), purchaseOrders.id);
  const { total, rows } = await listPage(db, purchaseOrders, and(...conds), order, q, outstandingTotal(db, "purchase", q, conds));
  return { total, rows: await toPurchaseOrders(db, rows, { supplierDetail: parseBoolQuery(q.supplier_detail) }) };
}

/** One purchase order, 404 when absent. */
export const getPurchaseOrder = (db: Reads, id: number, opts: { supplierDetail?: boolean } = {}): Promise<PurchaseOrderOut> => getOne(db, findPurchaseOrder, (db, rows) => toPurchaseOrders(db, rows, opts), id);

async function validatePurchaseOrder(db: Reads, input: PurchaseOrderInput, existing?: PurchaseOrderRow): Promise<void> {
  const errors = new FieldErrorCollector();
  const refProblem = input.reference === undefined ? null : await referenceFieldError(db, "purchaseorder", input.reference, existing?.id);
  if (refProblem) errors.add("reference", refProblem);
  if (input.supplier !== undefined) {
    const supplier = await findCompany(db, input.supplier);
    // InvenTree limits the choice to companies marked as suppliers.
    if (!supplier || !supplier.is_supplier) errors.add("supplier", invalidPk(input.supplier));
    else if (existing && input.supplier !== existing.supplier) {
      const [foreign] = await db.q
        .select({ id: purchaseOrderLines.id })
        .from(purchaseOrderLines)
        .innerJoin(supplierParts, eq(supplierParts.id, purchaseOrderLines.part))
        .where(and(eq(purchaseOrderLines.order, existing.id), ne(supplierParts.supplier, input.supplier)))
        .limit(1);
      if (foreign) errors.add("supplier", "Purchase order must match supplier");
    }
  }
  if (input.destination !== undefined && input.destination !== null && !(await findLocation(db, input.destination))) errors.add("destination", invalidPk(input.destination));
  checkOrderDates(errors, input, existing);
  errors.throwIfAny();
}

/** Purchase orders as the shared order writes (order-writes.ts) take them. */
const PURCHASE: OrderKindWrites<typeof purchaseOrders, PurchaseOrderInput, PurchaseOrderOut> = {
  reference: "purchaseorder",
  table: () => purchaseOrders,
  pending: PO_STATUS.PENDING,
  lock: lockPurchaseOrder,
  validate: validatePurchaseOrder,
  serialise: (db, rows) => toPurchaseOrders(db, rows),
};

/**
 * POST /api/order/po/: a new PENDING order made by `userId`. Without `reference`, the next one from
 * PURCHASEORDER_REFERENCE_PATTERN (generated and inserted in one transaction, retried on a clash).
 */
export const createPurchaseOrder = (db: Writes, input: Omit<PurchaseOrderInput, "reference"> & { supplier: number; reference?: string | null }, userId: number): Promise<PurchaseOrderOut> => createOrder(db, PURCHASE, input, userId);

/** PATCH/PUT /api/order/po/<pk>/: status and dates are changed only by the transition routes. */
export const updatePurchaseOrder = (db: Writes, id: number, input: PurchaseOrderInput): Promise<PurchaseOrderOut> => updateOrder(db, PURCHASE, id, input);

/** DELETE /api/order/po/<pk>/: lines go with it; received stock keeps its items (purchase_order cleared). */
export const deletePurchaseOrder = (db: Writes, id: number): Promise<void> => deleteOrder(db, PURCHASE, id);

/** Lines still waiting for goods (received < quantity). */
export const pendingLineCount = (db: Reads, orderId: number): Promise<number> => db.q.$count(purchaseOrderLines, and(eq(purchaseOrderLines.order, orderId), sql`${purchaseOrderLines.received} < ${purchaseOrderLines.quantity}`));
