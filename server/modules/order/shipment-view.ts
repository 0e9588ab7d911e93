import type { Reads } from "../../db/database.ts";
import { count, inArray } from "drizzle-orm";
import { toCompanyBrief } from "./briefs.ts";
import type { ShipmentRow } from "./lookups.ts";
import type { ShipmentOut } from "./model.ts";
import { toSalesOrders } from "./sales-order.ts";
import { userBriefColumns } from "../user/service.ts";
import { companies, salesOrderAllocations, salesOrders, users } from "../../db/tables.ts";

/**
 * Serialises shipments with their allocation count, who checked them, and (by default, as
 * InvenTree) the order as its detail route shows it plus the customer.
 */
export async function toShipments(db: Reads, rows: ShipmentRow[], opts: { orderDetail?: boolean } = {}): Promise<ShipmentOut[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const counts = new Map(
    (await db.q
      .select({ shipment: salesOrderAllocations.shipment, n: count() })
      .from(salesOrderAllocations)
      .where(inArray(salesOrderAllocations.shipment, ids))
      .groupBy(salesOrderAllocations.shipment)
      )
      .map((c) => [c.shipment, c.n]),
  );
  const checkers = [...new Set(rows.flatMap((r) => (r.checked_by === null ? [] : [r.checked_by])))];
  const checkedByUsers = new Map(checkers.length ? (await db.q.select(userBriefColumns()).from(users).where(inArray(users.id, checkers))).map((u) => [u.pk, u]) : []);
  let orders: Map<number, Awaited<ReturnType<typeof toSalesOrders>>[number]> | null = null;
  let customers: Map<number, typeof companies.$inferSelect> | null = null;
  if (opts.orderDetail !== false) {
    const orderRows = (await db.q.select().from(salesOrders).where(inArray(salesOrders.id, [...new Set(rows.map((r) => r.order))])));
    orders = new Map((await toSalesOrders(db, orderRows, { customerDetail: true })).map((o) => [o.pk, o]));
    customers = new Map((await db.q.select().from(companies).where(inArray(companies.id, [...new Set(orderRows.map((o) => o.customer))]))).map((c) => [c.id, c]));
  }
  return rows.map((r) => {
    const out: ShipmentOut = {
      pk: r.id,
      order: r.order,
      allocated_items: counts.get(r.id) ?? 0,
      shipment_date: r.shipment_date,
      delivery_date: r.delivery_date,
      checked_by: r.checked_by,
      checked_by_detail: (r.checked_by === null ? undefined : checkedByUsers.get(r.checked_by)) ?? null,
      reference: r.reference,
      tracking_number: r.tracking_number,
      invoice_number: r.invoice_number,
      barcode_hash: r.barcode_hash,
      link: r.link,
      notes: r.notes,
      shipment_address: null,
      shipment_address_detail: null,
    };
    const o = orders?.get(r.order);
    if (o) {
      out.order_detail = o;
      const c = customers?.get(o.customer);
      out.customer_detail = c ? toCompanyBrief(c) : null;
    }
    return out;
  });
}
