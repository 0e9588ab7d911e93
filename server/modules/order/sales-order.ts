import { and, count, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { SO_STATUS } from "../../db/schema/order.ts";
import { FieldErrorCollector } from "../../core/errors.ts";
import { toCompanyBrief } from "./briefs.ts";
import { findCompany, findSalesOrder, type SalesOrderRow } from "./lookups.ts";
import { NEUTRAL_ORDER_FIELDS, type SalesOrderInput, type SalesOrderOut } from "./model.ts";
import { referenceFieldError } from "./reference.ts";
import { lockSalesOrder } from "./locks.ts";
import { createOrder, deleteOrder, getOne, type OrderKindWrites, updateOrder } from "./order-writes.ts";
import { isOverdue, orderConditions, type OrderListQuery, outstandingTotal } from "./order-filters.ts";
import { orderTotals } from "./totals.ts";
import { orderingClause, orderingTerms, listPage } from "../../db/query.ts";
import { invalidPk } from "../../core/errors.ts";
import { parseBoolQuery } from "../../core/query.ts";
import { checkOrderDates } from "./start-date.ts";
import { soStatusText } from "./status.ts";
import { today } from "../../core/clock.ts";
import { companies, salesOrderExtraLines, salesOrderLines, salesOrders, salesOrderShipments } from "../../db/tables.ts";

export interface SalesOrderListQuery extends OrderListQuery {
  customer?: number;
  customer_detail?: string;
}

/** Serialises sales orders with InvenTree's annotations (line and shipment counts, overdue). */
export async function toSalesOrders(db: Reads, rows: SalesOrderRow[], opts: { customerDetail?: boolean } = {}): Promise<SalesOrderOut[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // Independent reads at once (side by side on PostgreSQL's pool).
  const [lineRows, shipmentRows, totals, customerRows] = await Promise.all([
    db.q
      .select({ order: salesOrderLines.order, total: count(), done: sql<number>`sum(case when ${salesOrderLines.shipped} >= ${salesOrderLines.quantity} then 1 else 0 end)` })
      .from(salesOrderLines)
      .where(inArray(salesOrderLines.order, ids))
      .groupBy(salesOrderLines.order),
    db.q
      .select({ order: salesOrderShipments.order, total: count(), done: sql<number>`sum(case when ${salesOrderShipments.shipment_date} is not null then 1 else 0 end)` })
      .from(salesOrderShipments)
      .where(inArray(salesOrderShipments.order, ids))
      .groupBy(salesOrderShipments.order),
    orderTotals(db, salesOrderLines, salesOrderLines.sale_price, salesOrderExtraLines, ids),
    db.q.select().from(companies).where(inArray(companies.id, [...new Set(rows.map((r) => r.customer))])),
  ]);
  const lines = new Map(lineRows.map((c) => [c.order, c]));
  const shipments = new Map(shipmentRows.map((c) => [c.order, c]));
  const customers = new Map(customerRows.map((c) => [c.id, c]));
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
      overdue: isOverdue("sales", r, now),
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
  conds.push(...orderConditions(db, "sales", q));
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
  const { total, rows } = await listPage(db, salesOrders, and(...conds), order, q, outstandingTotal(db, "sales", q, conds));
  return { total, rows: await toSalesOrders(db, rows, { customerDetail: parseBoolQuery(q.customer_detail) }) };
}

/** One sales order, 404 when absent. */
export const getSalesOrder = (db: Reads, id: number, opts: { customerDetail?: boolean } = {}): Promise<SalesOrderOut> => getOne(db, findSalesOrder, (db, rows) => toSalesOrders(db, rows, opts), id);

async function validateSalesOrder(db: Reads, input: SalesOrderInput, existing?: SalesOrderRow): Promise<void> {
  const errors = new FieldErrorCollector();
  const refProblem = input.reference === undefined ? null : await referenceFieldError(db, "salesorder", input.reference, existing?.id);
  if (refProblem) errors.add("reference", refProblem);
  if (input.customer !== undefined) {
    const customer = await findCompany(db, input.customer);
    // InvenTree limits the choice to companies marked as customers.
    if (!customer || !customer.is_customer) errors.add("customer", invalidPk(input.customer));
  }
  checkOrderDates(errors, input, existing);
  errors.throwIfAny();
}

/** Sales orders as the shared order writes (order-writes.ts) take them. */
const SALES: OrderKindWrites<typeof salesOrders, SalesOrderInput, SalesOrderOut> = {
  reference: "salesorder",
  table: () => salesOrders,
  pending: SO_STATUS.PENDING,
  lock: lockSalesOrder,
  validate: validateSalesOrder,
  serialise: (db, rows) => toSalesOrders(db, rows),
};

/**
 * POST /api/order/so/: a new PENDING order made by `userId`. Without `reference`, the next one from
 * SALESORDER_REFERENCE_PATTERN (generated and inserted in one transaction, retried on a clash).
 */
export const createSalesOrder = (db: Writes, input: Omit<SalesOrderInput, "reference"> & { customer: number; reference?: string | null }, userId: number): Promise<SalesOrderOut> => createOrder(db, SALES, input, userId);

/** PATCH/PUT /api/order/so/<pk>/: status and shipment_date change only through the action routes. */
export const updateSalesOrder = (db: Writes, id: number, input: SalesOrderInput): Promise<SalesOrderOut> => updateOrder(db, SALES, id, input);

/** DELETE /api/order/so/<pk>/: lines, shipments and allocations go with it. */
export const deleteSalesOrder = (db: Writes, id: number): Promise<void> => deleteOrder(db, SALES, id);

/** Shipments of the order not yet sent. */
export const pendingShipmentCount = (db: Reads, orderId: number): Promise<number> => db.q.$count(salesOrderShipments, and(eq(salesOrderShipments.order, orderId), isNull(salesOrderShipments.shipment_date)));
