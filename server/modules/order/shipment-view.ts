import { count, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { salesOrderAllocations, salesOrders } from "../../db/schema/order.ts";
import type { ShipmentRow } from "./lookups.ts";
import type { ShipmentOut } from "./model.ts";
import { soStatusText } from "./status.ts";

/** Serialises shipments with their allocation count and (by default, as InvenTree) a brief of the order. */
export function toShipments(db: DbOrTx, rows: ShipmentRow[], opts: { orderDetail?: boolean } = {}): ShipmentOut[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const counts = new Map(
    db
      .select({ shipment: salesOrderAllocations.shipment, n: count() })
      .from(salesOrderAllocations)
      .where(inArray(salesOrderAllocations.shipment, ids))
      .groupBy(salesOrderAllocations.shipment)
      .all()
      .map((c) => [c.shipment, c.n]),
  );
  const orders = opts.orderDetail === false ? null : new Map(db.select().from(salesOrders).where(inArray(salesOrders.id, [...new Set(rows.map((r) => r.order))])).all().map((o) => [o.id, o]));
  return rows.map((r) => {
    const out: ShipmentOut = {
      pk: r.id,
      order: r.order,
      allocated_items: counts.get(r.id) ?? 0,
      shipment_date: r.shipment_date,
      delivery_date: r.delivery_date,
      checked_by: null,
      reference: r.reference,
      tracking_number: r.tracking_number,
      invoice_number: r.invoice_number,
      barcode_hash: r.barcode_hash,
      notes: r.notes,
    };
    const o = orders?.get(r.order);
    if (o) out.order_detail = { pk: o.id, reference: o.reference, customer: o.customer, status: o.status, status_text: soStatusText(o.status) };
    return out;
  });
}
