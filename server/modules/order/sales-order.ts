import { and, count, eq, inArray, isNull, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { sqlFor } from "../../db/dialect.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import type { Reads, Writes } from "../../db/database.ts";
import { SO_STATUS } from "../../db/schema/order.ts";
import { FieldErrorCollector, notFound } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { toCompanyBrief } from "./briefs.ts";
import { findCompany, findSalesOrder, type SalesOrderRow } from "./lookups.ts";
import { NEUTRAL_ORDER_FIELDS, type SalesOrderInput, type SalesOrderOut, withoutAbsentFields } from "./model.ts";
import { generateReference, lockReferences, referenceError } from "./reference.ts";
import { lockSalesOrder } from "./locks.ts";
import { insertWithReference } from "./reference-insert.ts";
import { orderTotals } from "./totals.ts";
import { containsAny, containsLike, orderingClause, orderingTerms } from "../../db/query.ts";
import { invalidPk } from "../../core/errors.ts";
import { searchTerms, parseBoolQuery } from "../../core/query.ts";
import { checkOrderDates, startDateConditions, type StartDateQuery } from "./start-date.ts";
import { SO_OPEN, soStatusText } from "./status.ts";
import { today } from "../../core/clock.ts";
import { companies, salesOrderExtraLines, salesOrderLines, salesOrders, salesOrderShipments } from "../../db/tables.ts";

export interface SalesOrderListQuery extends PageRequest, StartDateQuery {
  search?: string;
  ordering?: string;
  customer?: number;
  status?: number;
  outstanding?: string;
  overdue?: string;
  reference?: string;
  customer_detail?: string;
  part?: number;
  assigned_to_me?: string;
}

/** Open and past its target date, as of the moment asked (built per call: the date moves on). */
const overdueSql = () => and(inArray(salesOrders.status, [...SO_OPEN]), sql`${salesOrders.target_date} is not null and ${salesOrders.target_date} < ${today()}`);

/** Serialises sales orders with InvenTree's annotations (line and shipment counts, overdue). */
export async function toSalesOrders(db: Reads, rows: SalesOrderRow[], opts: { customerDetail?: boolean } = {}): Promise<SalesOrderOut[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines = new Map(
    (await db.q
      .select({ order: salesOrderLines.order, total: count(), done: sql<number>`sum(case when ${salesOrderLines.shipped} >= ${salesOrderLines.quantity} then 1 else 0 end)` })
      .from(salesOrderLines)
      .where(inArray(salesOrderLines.order, ids))
      .groupBy(salesOrderLines.order)
      )
      .map((c) => [c.order, c]),
  );
  const shipments = new Map(
    (await db.q
      .select({ order: salesOrderShipments.order, total: count(), done: sql<number>`sum(case when ${salesOrderShipments.shipment_date} is not null then 1 else 0 end)` })
      .from(salesOrderShipments)
      .where(inArray(salesOrderShipments.order, ids))
      .groupBy(salesOrderShipments.order)
      )
      .map((c) => [c.order, c]),
  );
  const totals = await orderTotals(db, salesOrderLines, salesOrderLines.sale_price, salesOrderExtraLines, ids);
  const customers = new Map((await db.q.select().from(companies).where(inArray(companies.id, [...new Set(rows.map((r) => r.customer))]))).map((c) => [c.id, c]));
  const now = today();
  return rows.map((r) => {
    const customer = customers.get(r.customer);
    const l = lines.get(r.id);
    const s = shipments.get(r.id);
    const out: SalesOrderOut = {
      pk: r.id,
      reference: r.reference,
      customer: r.customer,
      customer_name: customer?.name ?? "",
      customer_reference: r.customer_reference,
      description: r.description,
      status: r.status,
      status_text: soStatusText(r.status),
      creation_date: r.creation_date.slice(0, 10),
      start_date: r.start_date,
      target_date: r.target_date,
      shipment_date: r.shipment_date,
      created_by: r.created_by,
      notes: r.notes,
      barcode_hash: r.barcode_hash,
      line_items: l?.total ?? 0,
      completed_lines: Number(l?.done ?? 0),
      shipments_count: s?.total ?? 0,
      completed_shipments_count: Number(s?.done ?? 0),
      overdue: SO_OPEN.includes(r.status) && r.target_date !== null && r.target_date < now,
      link: r.link,
      status_custom_key: r.status,
      issue_date: null,
      order_currency: customer?.currency ?? null,
      total_price: totals.get(r.id) ?? null,
      ...NEUTRAL_ORDER_FIELDS,
    };
    if (opts.customerDetail && customer) out.customer_detail = toCompanyBrief(customer);
    return out;
  });
}

/** GET /api/order/so/ with InvenTree's filters, search and ordering. */
export async function listSalesOrders(db: Reads, q: SalesOrderListQuery) {
  const conds: (SQL | undefined)[] = [];
  if (q.customer !== undefined) conds.push(eq(salesOrders.customer, q.customer));
  if (q.part !== undefined) conds.push(inArray(salesOrders.id, db.q.select({ id: salesOrderLines.order }).from(salesOrderLines).where(eq(salesOrderLines.part, q.part))));
  // No responsible owners in Binventory: "assigned to me" is nobody's order.
  if (parseBoolQuery(q.assigned_to_me) === true) conds.push(sqlFor(db).never);
  if (q.status !== undefined) conds.push(eq(salesOrders.status, q.status));
  if (parseBoolQuery(q.outstanding) !== undefined) conds.push(parseBoolQuery(q.outstanding) ? inArray(salesOrders.status, [...SO_OPEN]) : notInArray(salesOrders.status, [...SO_OPEN]));
  if (parseBoolQuery(q.overdue) !== undefined) conds.push(parseBoolQuery(q.overdue) ? overdueSql() : sql`not (${overdueSql()})`);
  if (q.reference !== undefined) conds.push(sql`lower(${salesOrders.reference}) = lower(${q.reference})`);
  conds.push(...startDateConditions(salesOrders.start_date, q));
  // DRF's SearchFilter: every word must be in one of the fields (the customer's name among them).
  for (const term of searchTerms(q.search)) {
    conds.push(or(containsAny([salesOrders.reference, salesOrders.description, salesOrders.customer_reference], term), inArray(salesOrders.customer, db.q.select({ id: companies.id }).from(companies).where(containsLike(companies.name, term)))));
  }
  const where = and(...conds);
  const total = (await db.q.select({ n: count() }).from(salesOrders).where(where).limit(1))[0]?.n ?? 0;
  const orderFields = {
      reference: salesOrders.reference,
      creation_date: salesOrders.creation_date,
      start_date: salesOrders.start_date,
      target_date: salesOrders.target_date,
      shipment_date: salesOrders.shipment_date,
      status: salesOrders.status,
      customer_reference: salesOrders.customer_reference,
      customer__name: sql`(select name from company c where c.id = ${salesOrders.customer})`,
      line_items: sql`(select count(*) from sales_order_line l where l.order_id = ${salesOrders.id})`,
    };
  const order = orderingClause(q.ordering, orderFields, orderingTerms("-reference", orderFields), salesOrders.id);
  let query = db.q.select().from(salesOrders).where(where).orderBy(...order).$dynamic();
  if (q.limit !== undefined) query = query.limit(q.limit).offset(q.offset ?? 0);
  return { total, rows: (await toSalesOrders(db, (await query), { customerDetail: parseBoolQuery(q.customer_detail) })) };
}

/** One sales order, 404 when absent. */
export async function getSalesOrder(db: Reads, id: number, opts: { customerDetail?: boolean } = {}): Promise<SalesOrderOut> {
  const row = await findSalesOrder(db, id);
  if (!row) throw notFound();
  return (await toSalesOrders(db, [row], opts))[0];
}

async function validateSalesOrder(db: Reads, input: SalesOrderInput, existing?: SalesOrderRow): Promise<void> {
  const errors = new FieldErrorCollector();
  const refProblem = input.reference === undefined ? null : await referenceError(db, "salesorder", input.reference);
  if (refProblem) errors.add("reference", refProblem);
  else if (input.reference !== undefined) {
    const [clash] = await db.q
      .select({ id: salesOrders.id })
      .from(salesOrders)
      .where(and(sql`lower(${salesOrders.reference}) = lower(${input.reference})`, existing ? ne(salesOrders.id, existing.id) : undefined))
      .limit(1);
    if (clash) errors.add("reference", "Sales Order with this Reference already exists.");
  }
  if (input.customer !== undefined) {
    const customer = await findCompany(db, input.customer);
    // InvenTree limits the choice to companies marked as customers.
    if (!customer || !customer.is_customer) errors.add("customer", invalidPk(input.customer));
  }
  checkOrderDates(errors, input, existing);
  errors.throwIfAny();
}

/**
 * POST /api/order/so/: a new PENDING order made by `userId`. Without `reference`, the next one from
 * SALESORDER_REFERENCE_PATTERN (generated and inserted in one transaction, retried on a clash).
 */
export async function createSalesOrder(db: Writes, input: Omit<SalesOrderInput, "reference"> & { customer: number; reference?: string | null }, userId: number): Promise<SalesOrderOut> {
  const given = input.reference?.trim() || undefined;
  const values = { ...withoutAbsentFields(input), status: SO_STATUS.PENDING, created_by: userId };
  return insertWithReference(db, "salesorder", given, (tx) => generateReference(tx, "salesorder"), async (tx, reference) => {
    await validateSalesOrder(tx, { ...values, reference });
    const [row] = await tx.q.insert(salesOrders).values({ ...values, reference }).returning();
    return (await toSalesOrders(tx, [row]))[0];
  });
}

/** PATCH/PUT /api/order/so/<pk>/: status and shipment_date change only through the action routes. */
export function updateSalesOrder(db: Writes, id: number, input: SalesOrderInput): Promise<SalesOrderOut> {
  return db.write(async (tx) => {
    const existing = await lockSalesOrder(tx, id);
    if (!existing) throw notFound();
    input = withoutAbsentFields(input);
    if (input.reference !== undefined) {
      input = { ...input, reference: input.reference.trim() };
      await lockReferences(tx, "salesorder");
    }
    await validateSalesOrder(tx, input, existing);
    if (Object.keys(input).length === 0) return (await toSalesOrders(tx, [existing]))[0];
    const [row] = await tx.q.update(salesOrders).set(input).where(eq(salesOrders.id, id)).returning();
    return (await toSalesOrders(tx, [row]))[0];
  });
}

/** DELETE /api/order/so/<pk>/: lines, shipments and allocations go with it. */
export async function deleteSalesOrder(db: Writes, id: number): Promise<void> {
  const res = await db.write((tx) => tx.q.delete(salesOrders).where(eq(salesOrders.id, id)).returning({ id: salesOrders.id }));
  if (res.length === 0) throw notFound();
}

/** Shipments of the order not yet sent. */
export function pendingShipmentCount(db: Reads, orderId: number): Promise<number> {
  return db.q.$count(salesOrderShipments, and(eq(salesOrderShipments.order, orderId), isNull(salesOrderShipments.shipment_date)));
}
