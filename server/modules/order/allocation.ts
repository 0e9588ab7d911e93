import { and, eq, inArray, isNull, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { orderingClause, listPage } from "../../db/query.ts";
import { parseBoolQuery } from "../../core/query.ts";
import type { Writes, Reads } from "../../db/database.ts";
import { ApiError, fieldErrors, notFound } from "../../core/errors.ts";
import { type PageRequest } from "../../core/pagination.ts";
import { toStockItemBrief } from "./briefs.ts";
import { toPartBrief } from "../part/service.ts";
import { toLocationBrief } from "../stock/service.ts";
import { findSalesLine, findShipment, findStockItem, type ShipmentRow, type StockItemRow } from "./lookups.ts";
import type { AllocateItemInput, AllocationOut } from "./model.ts";
import { invalidPk } from "../../core/errors.ts";
import { toSalesOrders } from "./sales-order.ts";
import { toShipments } from "./shipment-view.ts";
import { SO_OPEN } from "./status.ts";
import { lockSalesOrder, lockStockItems, lockUnderOrder } from "./locks.ts";
import { parts, salesOrderAllocations, salesOrderLines, salesOrders, salesOrderShipments, stockItems, stockLocations } from "../../db/tables.ts";

type AllocationRow = typeof salesOrderAllocations.$inferSelect;

export interface AllocationListQuery extends PageRequest {
  ordering?: string;
  order?: number;
  line?: number;
  part?: number;
  item?: number;
  stock_item?: number;
  shipment?: number;
  outstanding?: string;
  part_detail?: string;
  item_detail?: string;
  location_detail?: string;
  order_detail?: string;
}

interface DetailFlags {
  partDetail?: boolean;
  itemDetail?: boolean;
  locationDetail?: boolean;
  orderDetail?: boolean;
}

/** Allocations that still hold stock: their order is open and their shipment (if any) not yet sent. */
function activeAllocations(db: Reads) {
  return db.q
    .select({ id: salesOrderAllocations.id })
    .from(salesOrderAllocations)
    .innerJoin(salesOrderLines, eq(salesOrderLines.id, salesOrderAllocations.line))
    .innerJoin(salesOrders, eq(salesOrders.id, salesOrderLines.order))
    .leftJoin(salesOrderShipments, eq(salesOrderShipments.id, salesOrderAllocations.shipment))
    .where(and(inArray(salesOrders.status, [...SO_OPEN]), or(isNull(salesOrderAllocations.shipment), isNull(salesOrderShipments.shipment_date))));
}

/** How much of a stock item is not yet set aside for an open sales order (InvenTree's unallocated_quantity). */
export async function unallocatedQuantity(db: Reads, item: StockItemRow, excludeAllocation?: number): Promise<number> {
  const held =
    (await db.q
      .select({ q: sql<number>`coalesce(sum(${salesOrderAllocations.quantity}), 0)` })
      .from(salesOrderAllocations)
      .where(and(eq(salesOrderAllocations.item, item.id), inArray(salesOrderAllocations.id, activeAllocations(db)), excludeAllocation ? ne(salesOrderAllocations.id, excludeAllocation) : undefined))
      .limit(1))[0]?.q ?? 0;
  return Math.max(item.quantity - Number(held), 0);
}

/** Serialises allocations with InvenTree's read-only fields (part, order, serial, location). */
export async function toAllocations(db: Reads, rows: AllocationRow[], opts: DetailFlags = {}): Promise<AllocationOut[]> {
  if (rows.length === 0) return [];
  const items = new Map((await db.q.select().from(stockItems).where(inArray(stockItems.id, [...new Set(rows.map((r) => r.item))]))).map((i) => [i.id, i]));
  const lines = new Map((await db.q.select().from(salesOrderLines).where(inArray(salesOrderLines.id, [...new Set(rows.map((r) => r.line))]))).map((l) => [l.id, l]));
  const shipmentIds = [...new Set(rows.map((r) => r.shipment).filter((s): s is number => s !== null))];
  const shipmentRows: ShipmentRow[] = shipmentIds.length ? (await db.q.select().from(salesOrderShipments).where(inArray(salesOrderShipments.id, shipmentIds))) : [];
  const shipments = new Map((await toShipments(db, shipmentRows, { orderDetail: false })).map((s) => [s.pk, s]));
  const partIds = [...new Set([...items.values()].map((i) => i.part))];
  const partRows = opts.partDetail && partIds.length ? new Map((await db.q.select().from(parts).where(inArray(parts.id, partIds))).map((p) => [p.id, p])) : null;
  const locIds = [...new Set([...items.values()].map((i) => i.location).filter((l): l is number => l !== null))];
  const orderIds = [...new Set([...lines.values()].map((l) => l.order))];
  const orders = opts.orderDetail && orderIds.length ? new Map((await toSalesOrders(db, (await db.q.select().from(salesOrders).where(inArray(salesOrders.id, orderIds))), { customerDetail: true })).map((o) => [o.pk, o])) : null;
  const locRows = opts.locationDetail && locIds.length ? new Map((await db.q.select().from(stockLocations).where(inArray(stockLocations.id, locIds))).map((l) => [l.id, l])) : null;
  return rows.map((r) => {
    const item = items.get(r.item);
    const out: AllocationOut = {
      pk: r.id,
      line: r.line,
      item: r.item,
      quantity: r.quantity,
      shipment: r.shipment,
      part: item?.part ?? 0,
      order: lines.get(r.line)?.order ?? 0,
      serial: item?.serial ?? null,
      location: item?.location ?? null,
      shipment_detail: r.shipment === null ? null : (shipments.get(r.shipment) ?? null),
    };
    if (opts.itemDetail && item) out.item_detail = toStockItemBrief(item);
    const order = orders?.get(out.order);
    if (order) out.order_detail = order;
    const part = item ? partRows?.get(item.part) : undefined;
    if (part) out.part_detail = toPartBrief(part);
    if (opts.locationDetail) {
      const loc = item?.location ? locRows?.get(item.location) : undefined;
      out.location_detail = loc ? toLocationBrief(loc) : null;
    }
    return out;
  });
}

/** GET /api/order/so-allocation/ with InvenTree's filters. */
export async function listAllocations(db: Reads, q: AllocationListQuery) {
  const conds: (SQL | undefined)[] = [];
  if (q.order !== undefined) conds.push(inArray(salesOrderAllocations.line, db.q.select({ id: salesOrderLines.id }).from(salesOrderLines).where(eq(salesOrderLines.order, q.order))));
  if (q.line !== undefined) conds.push(eq(salesOrderAllocations.line, q.line));
  if (q.part !== undefined) conds.push(inArray(salesOrderAllocations.item, db.q.select({ id: stockItems.id }).from(stockItems).where(eq(stockItems.part, q.part))));
  const item = q.item ?? q.stock_item;
  if (item !== undefined) conds.push(eq(salesOrderAllocations.item, item));
  if (q.shipment !== undefined) conds.push(eq(salesOrderAllocations.shipment, q.shipment));
  if (parseBoolQuery(q.outstanding) !== undefined) conds.push(parseBoolQuery(q.outstanding) ? inArray(salesOrderAllocations.id, activeAllocations(db)) : notInArray(salesOrderAllocations.id, activeAllocations(db)));
  const orderFields = { quantity: salesOrderAllocations.quantity };
  const order = orderingClause(q.ordering, orderFields, [], salesOrderAllocations.id);
  const { total, rows } = await listPage(db, salesOrderAllocations, and(...conds), order, q);
  return { total, rows: await toAllocations(db, rows, { partDetail: parseBoolQuery(q.part_detail), itemDetail: parseBoolQuery(q.item_detail), locationDetail: parseBoolQuery(q.location_detail), orderDetail: parseBoolQuery(q.order_detail) }) };
}

/** One allocation, 404 when absent. */
export async function getAllocation(db: Reads, id: number, opts: DetailFlags = {}): Promise<AllocationOut> {
  const row = (await db.q.select().from(salesOrderAllocations).where(eq(salesOrderAllocations.id, id)).limit(1))[0];
  if (!row) throw notFound();
  return (await toAllocations(db, [row], opts))[0];
}

/** Checks a shipment named by an allocation: it must exist, belong to the order, and not have left. */
async function shipmentError(db: Reads, orderId: number, shipmentId: number | null | undefined): Promise<string | null> {
  if (shipmentId === null || shipmentId === undefined) return null;
  const shipment = await findShipment(db, shipmentId);
  if (!shipment) return invalidPk(shipmentId);
  if (shipment.shipment_date !== null) return "Shipment has already been shipped";
  if (shipment.order !== orderId) return "Shipment is not associated with this order";
  return null;
}

/** Validates one allocation of `quantity` of `stockItemId` to `lineId`; `claimed` is what earlier rows of the request took. */
async function allocationErrors(db: Reads, orderId: number, lineId: number, stockItemId: number, quantity: number, claimed: number, excludeAllocation?: number): Promise<Record<string, string[]>> {
  const errs: Record<string, string[]> = {};
  const add = (field: string, msg: string) => (errs[field] ??= []).push(msg);
  const line = await findSalesLine(db, lineId);
  if (!line) add("line_item", invalidPk(lineId));
  else if (line.order !== orderId) add("line_item", "Line item is not associated with this order");
  // Locked by the caller (lockStockItems): this allocation takes from its unallocated quantity.
  const item = await findStockItem(db, stockItemId);
  if (!item) add("stock_item", invalidPk(stockItemId));
  else if (item.customer !== null || item.sales_order !== null) add("stock_item", "Stock item is not in stock");
  else if (line && errs.line_item === undefined && item.part !== line.part) add("stock_item", "Cannot allocate stock item to a line with a different part");
  if (!(Number.isFinite(quantity) && quantity > 0)) add("quantity", "Quantity must be positive");
  else if (item && errs.stock_item === undefined) {
    if (item.serial !== null && item.serial !== "" && quantity !== 1) add("quantity", "Quantity must be 1 for serialized stock item");
    else {
      const available = (await unallocatedQuantity(db, item, excludeAllocation)) - claimed;
      if (quantity > available) add("quantity", `Available quantity (${Math.max(available, 0)}) exceeded`);
    }
  }
  return errs;
}

/**
 * Sets stock aside for a sales order, as InvenTree's SalesOrderShipmentAllocationSerializer: each item
 * names a line of this order and a stock item of the line's part, never more than the item's
 * unallocated quantity (counting earlier items of the same request). All items are checked, inside
 * the one transaction, before any is written. Returns the new allocations.
 */
export function allocateSalesOrderItems(db: Writes, orderId: number, items: AllocateItemInput[], shipmentId: number | null | undefined): Promise<AllocationOut[]> {
  return db.write(async (tx) => {
    const l = tx;
    // The order, then the stock items (locks.ts): its status and their unallocated quantities are checked, then taken.
    const order = await lockSalesOrder(tx, orderId);
    if (!order) throw notFound();
    if (items.length === 0) throw fieldErrors({ non_field_errors: ["Allocation items must be provided"] });
    await lockStockItems(tx, items.map((it) => it.stock_item));
    const shipmentMsg = await shipmentError(l, orderId, shipmentId);
    const claimed = new Map<number, number>();
    const itemErrors: Record<string, string[]>[] = [];
    for (const it of items) {
      const errs = await allocationErrors(l, orderId, it.line_item, it.stock_item, it.quantity, claimed.get(it.stock_item) ?? 0);
      if (Object.keys(errs).length === 0) claimed.set(it.stock_item, (claimed.get(it.stock_item) ?? 0) + it.quantity);
      itemErrors.push(errs);
    }
    const body: Record<string, unknown> = {};
    if (shipmentMsg) body.shipment = [shipmentMsg];
    if (itemErrors.some((e) => Object.keys(e).length > 0)) body.items = itemErrors;
    if (Object.keys(body).length) throw new ApiError(400, body);
    if (!SO_OPEN.includes(order.status)) throw fieldErrors({ non_field_errors: ["Stock can only be allocated to an open order"] });
    const rows: AllocationRow[] = [];
    for (const it of items) {
      rows.push(...(await tx.q.insert(salesOrderAllocations).values({ line: it.line_item, item: it.stock_item, quantity: it.quantity, shipment: shipmentId ?? null }).returning()));
    }
    return await toAllocations(l, rows);
  });
}

/** An allocation a write changes or deletes, locked after its order (locks.ts); undefined when absent. */
async function lockedAllocation(tx: Reads, id: number): Promise<AllocationRow | undefined> {
  const found = await lockUnderOrder(
    tx,
    () => tx.q.select({ row: salesOrderAllocations, order: salesOrderLines.order }).from(salesOrderAllocations).innerJoin(salesOrderLines, eq(salesOrderLines.id, salesOrderAllocations.line)).where(eq(salesOrderAllocations.id, id)).limit(1),
    (r) => r.order,
    lockSalesOrder,
  );
  return found?.row;
}

/** PATCH/PUT /api/order/so-allocation/<pk>/: the same checks as allocating, this allocation excluded. */
export function updateAllocation(db: Writes, id: number, input: { item?: number; quantity?: number; shipment?: number | null }): Promise<AllocationOut> {
  return db.write(async (tx) => {
    const l = tx;
    const row = await lockedAllocation(tx, id);
    if (!row) throw notFound();
    const line = await findSalesLine(l, row.line);
    if (!line) throw notFound();
    if (row.shipment !== null && (await findShipment(l, row.shipment))?.shipment_date) throw fieldErrors({ non_field_errors: ["Shipment has already been shipped"] });
    const merged = { item: input.item ?? row.item, quantity: input.quantity ?? row.quantity };
    await lockStockItems(tx, [merged.item]);
    const errs = await allocationErrors(l, line.order, row.line, merged.item, merged.quantity, 0, id);
    // The body names the stock item `item` here, as InvenTree's allocation serializer does.
    if (errs.stock_item) errs.item = errs.stock_item;
    delete errs.stock_item;
    const shipmentMsg = input.shipment === undefined ? null : (await shipmentError(l, line.order, input.shipment));
    if (shipmentMsg) errs.shipment = [shipmentMsg];
    if (Object.keys(errs).length) throw fieldErrors(errs);
    const [updated] = await tx.q
      .update(salesOrderAllocations)
      .set({ ...merged, ...(input.shipment !== undefined ? { shipment: input.shipment } : {}) })
      .where(eq(salesOrderAllocations.id, id))
      .returning();
    return (await toAllocations(l, [updated]))[0];
  });
}

/** DELETE /api/order/so-allocation/<pk>/; a shipped allocation is history and stays. */
export async function deleteAllocation(db: Writes, id: number): Promise<void> {
  await db.write(async (tx) => {
    const row = await lockedAllocation(tx, id);
    if (!row) throw notFound();
    if (row.shipment !== null && (await findShipment(tx, row.shipment))?.shipment_date) throw fieldErrors({ non_field_errors: ["Shipment has already been shipped"] });
    await tx.q.delete(salesOrderAllocations).where(eq(salesOrderAllocations.id, id));
  });
}
