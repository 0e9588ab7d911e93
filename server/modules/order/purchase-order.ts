import { and, count, eq, inArray, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { sqlFor } from "../../db/dialect.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import type { Reads, Writes } from "../../db/database.ts";
import { PO_STATUS } from "../../db/schema/order.ts";
import { FieldErrorCollector, notFound } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { toCompanyBrief } from "./briefs.ts";
import { findCompany, findLocation, findPurchaseOrder, type PurchaseOrderRow } from "./lookups.ts";
import { NEUTRAL_ORDER_FIELDS, type PurchaseOrderInput, type PurchaseOrderOut, withoutAbsentFields } from "./model.ts";
import { generateReference, lockReferences, referenceError } from "./reference.ts";
import { lockPurchaseOrder } from "./locks.ts";
import { insertWithReference } from "./reference-insert.ts";
import { orderTotals } from "./totals.ts";
import { containsAny, containsLike, orderingClause, orderingTerms } from "../../db/query.ts";
import { invalidPk } from "../../core/errors.ts";
import { searchTerms, parseBoolQuery } from "../../core/query.ts";
import { checkOrderDates, startDateConditions, type StartDateQuery } from "./start-date.ts";
import { PO_OPEN, poStatusText } from "./status.ts";
import { today } from "../../core/clock.ts";
import { companies, ofBoundTables, purchaseOrderExtraLines, purchaseOrderLines, purchaseOrders, supplierParts } from "../../db/tables.ts";

export interface PurchaseOrderListQuery extends PageRequest, StartDateQuery {
  search?: string;
  ordering?: string;
  supplier?: number;
  status?: number;
  outstanding?: string;
  overdue?: string;
  reference?: string;
  supplier_detail?: string;
  part?: number;
  supplier_part?: number;
  assigned_to_me?: string;
}

const lineCount = ofBoundTables(() => sql<number>`(select count(*) from purchase_order_line l where l.order_id = ${purchaseOrders.id})`);
/** Open and past its target date, as of the moment asked (built per call: the date moves on). */
const overdueSql = () => and(inArray(purchaseOrders.status, [...PO_OPEN]), sql`${purchaseOrders.target_date} is not null and ${purchaseOrders.target_date} < ${today()}`);

/** Serialises purchase orders with InvenTree's annotations (line counts, overdue), a few queries for a whole page. */
export async function toPurchaseOrders(db: Reads, rows: PurchaseOrderRow[], opts: { supplierDetail?: boolean } = {}): Promise<PurchaseOrderOut[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const counts = new Map(
    (await db.q
      .select({ order: purchaseOrderLines.order, total: count(), done: sql<number>`sum(case when ${purchaseOrderLines.received} >= ${purchaseOrderLines.quantity} then 1 else 0 end)` })
      .from(purchaseOrderLines)
      .where(inArray(purchaseOrderLines.order, ids))
      .groupBy(purchaseOrderLines.order)
      )
      .map((c) => [c.order, c]),
  );
  const totals = await orderTotals(db, purchaseOrderLines, purchaseOrderLines.purchase_price, purchaseOrderExtraLines, ids);
  const suppliers = new Map((await db.q.select().from(companies).where(inArray(companies.id, [...new Set(rows.map((r) => r.supplier))]))).map((c) => [c.id, c]));
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
      overdue: PO_OPEN.includes(r.status) && r.target_date !== null && r.target_date < now,
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
  // No responsible owners in Binventory: "assigned to me" is nobody's order.
  if (parseBoolQuery(q.assigned_to_me) === true) conds.push(sqlFor(db).never);
  if (q.status !== undefined) conds.push(eq(purchaseOrders.status, q.status));
  if (parseBoolQuery(q.outstanding) !== undefined) conds.push(parseBoolQuery(q.outstanding) ? inArray(purchaseOrders.status, [...PO_OPEN]) : notInArray(purchaseOrders.status, [...PO_OPEN]));
  if (parseBoolQuery(q.overdue) !== undefined) conds.push(parseBoolQuery(q.overdue) ? overdueSql() : sql`not (${overdueSql()})`);
  if (q.reference !== undefined) conds.push(sql`lower(${purchaseOrders.reference}) = lower(${q.reference})`);
  conds.push(...startDateConditions(purchaseOrders.start_date, q));
  // DRF's SearchFilter: every word must be in one of the fields (the supplier's name among them).
  for (const term of searchTerms(q.search)) {
    conds.push(or(containsAny([purchaseOrders.reference, purchaseOrders.description, purchaseOrders.supplier_reference], term), inArray(purchaseOrders.supplier, db.q.select({ id: companies.id }).from(companies).where(containsLike(companies.name, term)))));
  }
  const where = and(...conds);
  const total = (await db.q.select({ n: count() }).from(purchaseOrders).where(where).limit(1))[0]?.n ?? 0;
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
  let query = db.q.select().from(purchaseOrders).where(where).orderBy(...order).$dynamic();
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: (await toPurchaseOrders(db, (await query), { supplierDetail: parseBoolQuery(q.supplier_detail) })) };
}

/** One purchase order, 404 when absent. */
export async function getPurchaseOrder(db: Reads, id: number, opts: { supplierDetail?: boolean } = {}): Promise<PurchaseOrderOut> {
  const row = await findPurchaseOrder(db, id);
  if (!row) throw notFound();
  return (await toPurchaseOrders(db, [row], opts))[0];
}

async function validatePurchaseOrder(db: Reads, input: PurchaseOrderInput, existing?: PurchaseOrderRow): Promise<void> {
  const errors = new FieldErrorCollector();
  const refProblem = input.reference === undefined ? null : await referenceError(db, "purchaseorder", input.reference);
  if (refProblem) errors.add("reference", refProblem);
  else if (input.reference !== undefined) {
    const [clash] = await db.q
      .select({ id: purchaseOrders.id })
      .from(purchaseOrders)
      .where(and(sql`lower(${purchaseOrders.reference}) = lower(${input.reference})`, existing ? ne(purchaseOrders.id, existing.id) : undefined))
      .limit(1);
    if (clash) errors.add("reference", "Purchase Order with this Reference already exists.");
  }
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

/**
 * POST /api/order/po/: a new PENDING order made by `userId`. Without `reference`, the next one from
 * PURCHASEORDER_REFERENCE_PATTERN (generated and inserted in one transaction, retried on a clash).
 */
export async function createPurchaseOrder(db: Writes, input: Omit<PurchaseOrderInput, "reference"> & { supplier: number; reference?: string | null }, userId: number): Promise<PurchaseOrderOut> {
  const given = input.reference?.trim() || undefined;
  const values = { ...withoutAbsentFields(input), status: PO_STATUS.PENDING, created_by: userId };
  return insertWithReference(db, "purchaseorder", given, (tx) => generateReference(tx, "purchaseorder"), async (tx, reference) => {
    await validatePurchaseOrder(tx, { ...values, reference });
    const [row] = await tx.q.insert(purchaseOrders).values({ ...values, reference }).returning();
    return (await toPurchaseOrders(tx, [row]))[0];
  });
}

/** PATCH/PUT /api/order/po/<pk>/: status and dates are changed only by the transition routes. */
export function updatePurchaseOrder(db: Writes, id: number, input: PurchaseOrderInput): Promise<PurchaseOrderOut> {
  return db.write(async (tx) => {
    const existing = await lockPurchaseOrder(tx, id);
    if (!existing) throw notFound();
    input = withoutAbsentFields(input);
    if (input.reference !== undefined) {
      input = { ...input, reference: input.reference.trim() };
      await lockReferences(tx, "purchaseorder");
    }
    await validatePurchaseOrder(tx, input, existing);
    if (Object.keys(input).length === 0) return (await toPurchaseOrders(tx, [existing]))[0];
    const [row] = await tx.q.update(purchaseOrders).set(input).where(eq(purchaseOrders.id, id)).returning();
    return (await toPurchaseOrders(tx, [row]))[0];
  });
}

/** DELETE /api/order/po/<pk>/: lines go with it; received stock keeps its items (purchase_order cleared). */
export async function deletePurchaseOrder(db: Writes, id: number): Promise<void> {
  const res = await db.write((tx) => tx.q.delete(purchaseOrders).where(eq(purchaseOrders.id, id)).returning({ id: purchaseOrders.id }));
  if (res.length === 0) throw notFound();
}

/** Lines still waiting for goods (received < quantity). */
export function pendingLineCount(db: Reads, orderId: number): Promise<number> {
  return db.q.$count(purchaseOrderLines, and(eq(purchaseOrderLines.order, orderId), sql`${purchaseOrderLines.received} < ${purchaseOrderLines.quantity}`));
}
