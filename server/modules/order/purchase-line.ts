import { and, eq, inArray, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Reads, Writes } from "../../db/database.ts";
import { FieldErrorCollector } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { toSupplierPartBrief } from "./briefs.ts";
import { toPartBrief } from "../part/service.ts";
import { toLocationBrief } from "../stock/service.ts";
import { toPurchaseOrders } from "./purchase-order.ts";
import { findLocation, findPurchaseLine, findPurchaseOrder, findSupplierPart, type PurchaseLineRow } from "./lookups.ts";
import type { PurchaseLineInput, PurchaseLineOut } from "./model.ts";
import { containsAny, containsLike, orderingClause, listPage } from "../../db/query.ts";
import { invalidPk } from "../../core/errors.ts";
import { searchTerms, parseBoolQuery } from "../../core/query.ts";
import { createLine, deleteLine, type LineKindWrites, updateLine } from "./line-writes.ts";
import { getOne } from "./order-writes.ts";
import { PO_OPEN } from "./status.ts";
import { today } from "../../core/clock.ts";
import { companies, parts, purchaseOrderLines, purchaseOrders, stockLocations, supplierParts } from "../../db/tables.ts";

export interface PurchaseLineListQuery extends PageRequest {
  search?: string;
  ordering?: string;
  order?: number;
  part?: number;
  base_part?: number;
  received?: string;
  pending?: string;
  order_status?: number;
  part_detail?: string;
  order_detail?: string;
}

/**
 * Serialises PO lines with their supplier part and base part (always needed for sku/internal_part),
 * the destination (always: `destination_detail`) and, when asked, the order as its detail route shows it.
 */
export async function toPurchaseLines(db: Reads, rows: PurchaseLineRow[], opts: { partDetail?: boolean; orderDetail?: boolean } = {}): Promise<PurchaseLineOut[]> {
  if (rows.length === 0) return [];
  const sps = new Map((await db.q.select().from(supplierParts).where(inArray(supplierParts.id, [...new Set(rows.map((r) => r.part))]))).map((s) => [s.id, s]));
  const baseParts = new Map((await db.q.select().from(parts).where(inArray(parts.id, [...new Set([...sps.values()].map((s) => s.part))]))).map((p) => [p.id, p]));
  const currencies = new Map((await db.q.select({ id: companies.id, currency: companies.currency }).from(companies).where(inArray(companies.id, [...new Set([...sps.values()].map((s) => s.supplier))]))).map((c) => [c.id, c.currency]));
  const destIds = [...new Set(rows.flatMap((r) => (r.destination === null ? [] : [r.destination])))];
  const destinations = new Map(destIds.length ? (await db.q.select().from(stockLocations).where(inArray(stockLocations.id, destIds))).map((l) => [l.id, l]) : []);
  const orders = opts.orderDetail
    ? new Map((await toPurchaseOrders(db, (await db.q.select().from(purchaseOrders).where(inArray(purchaseOrders.id, [...new Set(rows.map((r) => r.order))]))), { supplierDetail: true })).map((o) => [o.pk, o]))
    : null;
  const now = today();
  return rows.map((r) => {
    const sp = sps.get(r.part);
    const base = sp ? baseParts.get(sp.part) : undefined;
    const out: PurchaseLineOut = {
      pk: r.id,
      order: r.order,
      part: r.part,
      quantity: r.quantity,
      received: r.received,
      purchase_price: r.purchase_price,
      destination: r.destination,
      reference: r.reference,
      notes: r.notes,
      target_date: r.target_date,
      overdue: r.received < r.quantity && r.target_date !== null && r.target_date < now,
      total_price: r.purchase_price === null ? null : r.purchase_price * r.quantity,
      internal_part: sp?.part ?? 0,
      internal_part_name: base?.name ?? "",
      sku: sp?.SKU ?? "",
      mpn: sp?.MPN ?? "",
      ipn: base?.IPN ?? "",
      link: r.link,
      purchase_price_currency: (sp && currencies.get(sp.supplier)) ?? "",
      build_order: null,
      project_code: null,
    };
    const dest = r.destination === null ? undefined : destinations.get(r.destination);
    out.destination_detail = dest ? toLocationBrief(dest) : null;
    const order = orders?.get(r.order);
    if (order) out.order_detail = order;
    if (opts.partDetail) {
      if (base) out.part_detail = toPartBrief(base);
      if (sp) out.supplier_part_detail = toSupplierPartBrief(sp);
    }
    return out;
  });
}

/** GET /api/order/po-line/ with InvenTree's filters (order, part, base_part, received, pending). */
export async function listPurchaseLines(db: Reads, q: PurchaseLineListQuery) {
  const conds: (SQL | undefined)[] = [];
  const openOrders = db.q.select({ id: purchaseOrders.id }).from(purchaseOrders).where(inArray(purchaseOrders.status, [...PO_OPEN]));
  if (q.order !== undefined) conds.push(eq(purchaseOrderLines.order, q.order));
  if (q.part !== undefined) conds.push(eq(purchaseOrderLines.part, q.part));
  if (q.base_part !== undefined) conds.push(inArray(purchaseOrderLines.part, db.q.select({ id: supplierParts.id }).from(supplierParts).where(eq(supplierParts.part, q.base_part))));
  if (q.order_status !== undefined) conds.push(inArray(purchaseOrderLines.order, db.q.select({ id: purchaseOrders.id }).from(purchaseOrders).where(eq(purchaseOrders.status, q.order_status))));
  if (parseBoolQuery(q.pending) !== undefined) conds.push(parseBoolQuery(q.pending) ? inArray(purchaseOrderLines.order, openOrders) : notInArray(purchaseOrderLines.order, openOrders));
  if (parseBoolQuery(q.received) !== undefined) {
    const done = sql`${purchaseOrderLines.received} >= ${purchaseOrderLines.quantity}`;
    // As InvenTree: "not received" only counts lines of open orders.
    conds.push(parseBoolQuery(q.received) ? done : and(sql`not (${done})`, inArray(purchaseOrderLines.order, openOrders)));
  }
  // DRF's SearchFilter: every word must be in the reference or the supplier part's SKU, MPN, part name or description.
  for (const term of searchTerms(q.search)) {
    const spMatch = db.q
      .select({ id: supplierParts.id })
      .from(supplierParts)
      .innerJoin(parts, eq(parts.id, supplierParts.part))
      .where(containsAny([supplierParts.SKU, supplierParts.MPN, parts.name, parts.description], term));
    conds.push(or(containsLike(purchaseOrderLines.reference, term), inArray(purchaseOrderLines.part, spMatch)));
  }
  const orderFields = {
      quantity: purchaseOrderLines.quantity,
      received: purchaseOrderLines.received,
      reference: purchaseOrderLines.reference,
      purchase_price: purchaseOrderLines.purchase_price,
      target_date: purchaseOrderLines.target_date,
      total_price: sql`${purchaseOrderLines.purchase_price} * ${purchaseOrderLines.quantity}`,
      SKU: sql`(select sp."SKU" from supplier_part sp where sp.id = ${purchaseOrderLines.part})`,
      MPN: sql`(select sp."MPN" from supplier_part sp where sp.id = ${purchaseOrderLines.part})`,
      part_name: sql`(select p.name from supplier_part sp join part p on p.id = sp.part_id where sp.id = ${purchaseOrderLines.part})`,
    };
  const order = orderingClause(q.ordering, orderFields, [], purchaseOrderLines.id);
  const { total, rows } = await listPage(db, purchaseOrderLines, and(...conds), order, q);
  return { total, rows: await toPurchaseLines(db, rows, { partDetail: parseBoolQuery(q.part_detail), orderDetail: parseBoolQuery(q.order_detail) }) };
}

/** One PO line, 404 when absent. */
export const getPurchaseLine = (db: Reads, id: number, opts: { partDetail?: boolean; orderDetail?: boolean } = {}): Promise<PurchaseLineOut> => getOne(db, findPurchaseLine, (db, rows) => toPurchaseLines(db, rows, opts), id);

async function validateLine(db: Reads, merged: { order: number; part: number }, input: PurchaseLineInput): Promise<void> {
  const l = db;
  const errors = new FieldErrorCollector();
  const order = await findPurchaseOrder(l, merged.order);
  if (!order) errors.add("order", invalidPk(merged.order));
  const sp = await findSupplierPart(l, merged.part);
  if (!sp) errors.add("part", invalidPk(merged.part));
  if (input.quantity !== undefined && !(input.quantity > 0)) errors.add("quantity", "Quantity must be greater than zero");
  if (input.purchase_price !== undefined && input.purchase_price !== null && input.purchase_price < 0) errors.add("purchase_price", "Ensure this value is greater than or equal to 0.");
  if (input.destination !== undefined && input.destination !== null && !(await findLocation(l, input.destination))) errors.add("destination", invalidPk(input.destination));
  if (order && sp && sp.supplier !== order.supplier) {
    errors.add("part", "Supplier must match purchase order");
    errors.add("order", "Purchase order must match supplier");
  }
  errors.throwIfAny();
}

/** PO lines as the shared line writes (line-writes.ts) take them. */
const PURCHASE_LINE: LineKindWrites<typeof purchaseOrderLines, PurchaseLineInput, PurchaseLineOut> = {
  kind: "purchase",
  table: () => purchaseOrderLines,
  validate: validateLine,
  serialise: (db, rows) => toPurchaseLines(db, rows),
};

/** POST /api/order/po-line/: the supplier part must come from the order's supplier. */
export const createPurchaseLine = (db: Writes, input: PurchaseLineInput & { order: number; part: number; quantity: number }): Promise<PurchaseLineOut> => createLine(db, PURCHASE_LINE, input);

/** PATCH/PUT /api/order/po-line/<pk>/; `received` is read-only (only receiving changes it). */
export const updatePurchaseLine = (db: Writes, id: number, input: PurchaseLineInput): Promise<PurchaseLineOut> => updateLine(db, PURCHASE_LINE, id, input);

/** DELETE /api/order/po-line/<pk>/. */
export const deletePurchaseLine = (db: Writes, id: number): Promise<void> => deleteLine(db, PURCHASE_LINE, id);
