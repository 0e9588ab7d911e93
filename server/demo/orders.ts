/** Demo seed, orders: a placed and partly received purchase order, a pending one, and a sales order with a shipment. */
import { writeTrackingEntry } from "../modules/stock/service.ts";
import type { Tx } from "../db/database.ts";
import { type Catalog, mustGet } from "./catalog.ts";
import { createStockItem, type DemoStock } from "./stock.ts";
import { PO_STATUS, SO_STATUS, TRACKING } from "../db/schema/index.ts";
import { purchaseOrderLines, purchaseOrders, salesOrderAllocations, salesOrderLines, salesOrderShipments, salesOrders } from "../db/tables.ts";

export interface OrderCounts {
  purchase_orders: number;
  purchase_order_lines: number;
  received_stock_items: number;
  sales_orders: number;
  sales_order_lines: number;
  sales_order_shipments: number;
  sales_order_allocations: number;
}

interface PoLineDef {
  sp: string;
  quantity: number;
  received: number;
  price: number;
  batch?: string;
}

/** Seeds the orders; received quantities become stock items in Warehouse/Receiving. */
export async function seedOrders(tx: Tx, cat: Catalog, stock: DemoStock): Promise<OrderCounts> {
  const counts: OrderCounts = {
    purchase_orders: 0,
    purchase_order_lines: 0,
    received_stock_items: 0,
    sales_orders: 0,
    sales_order_lines: 0,
    sales_order_shipments: 0,
    sales_order_allocations: 0,
  };
  const receiving = mustGet(cat.locations, "Warehouse/Receiving");

  const purchase = async (
    reference: string,
    supplier: string,
    po: Partial<typeof purchaseOrders.$inferInsert>,
    lines: PoLineDef[],
  ) => {
    const order = (await tx.q
      .insert(purchaseOrders)
      .values({ reference, supplier: mustGet(cat.companies, supplier), destination: receiving, ...po })
      .returning({ id: purchaseOrders.id })
      )[0].id;
    counts.purchase_orders++;
    for (const l of lines) {
      const sp = mustGet(cat.supplierParts, l.sp);
      await tx.q.insert(purchaseOrderLines).values({ order, part: sp, quantity: l.quantity, received: l.received, purchase_price: l.price });
      counts.purchase_order_lines++;
      if (l.received > 0) {
        const part = mustGet(cat.parts, l.sp.split("@")[0]).id;
        const item = await createStockItem(tx, { part, location: receiving, quantity: l.received, batch: l.batch ?? "", supplier_part: sp, purchase_order: order, purchase_price: l.price });
        await writeTrackingEntry(tx, {
          item,
          tracking_type: TRACKING.RECEIVED_AGAINST_PURCHASE_ORDER,
          user: null,
          notes: "Demo data",
          deltas: { quantity: l.received, location: receiving, purchaseorder: order },
        });
        counts.received_stock_items++;
      }
    }
  };

  await purchase(
    "PO-0001",
    "digikey",
    { status: PO_STATUS.PLACED, supplier_reference: "DK-88412907", description: "Parts for the sensor node and motor driver runs", issue_date: "2025-03-03", target_date: "2025-03-17" },
    [
      { sp: "R-0603-10K@digikey", quantity: 5000, received: 5000, price: 0.0018, batch: "DK2509" },
      { sp: "U-STM32F103C8@digikey", quantity: 50, received: 20, price: 3.05, batch: "GH2435" },
      { sp: "U-BME280@digikey", quantity: 25, received: 0, price: 3.92 },
      { sp: "U-TPS563200@digikey", quantity: 100, received: 0, price: 0.58 },
    ],
  );
  await purchase("PO-0002", "lcsc", { status: PO_STATUS.PENDING, description: "Restock of jellybean parts", target_date: "2025-04-30" }, [
    { sp: "C-0603-100N@lcsc", quantity: 4000, received: 0, price: 0.0021 },
    { sp: "U-ESP32-WROOM@lcsc", quantity: 20, received: 0, price: 2.95 },
    { sp: "LED-WS2812B@lcsc", quantity: 200, received: 0, price: 0.052 },
    { sp: "U-RP2040@lcsc", quantity: 50, received: 0, price: 0.72 },
  ]);

  // SO-0001: four sensor nodes and two motor drivers; the packed units are allocated to shipment 1.
  const so = (await tx.q
    .insert(salesOrders)
    .values({
      reference: "SO-0001",
      customer: mustGet(cat.companies, "acme"),
      customer_reference: "ACME-PO-5521",
      description: "Sensor nodes and motor drivers for the AGV pilot",
      status: SO_STATUS.IN_PROGRESS,
      target_date: "2025-04-04",
    })
    .returning({ id: salesOrders.id })
    )[0].id;
  counts.sales_orders++;
  const shipment = (await tx.q
    .insert(salesOrderShipments)
    .values({ order: so, reference: "1", notes: "Partial shipment: units that passed test" })
    .returning({ id: salesOrderShipments.id })
    )[0].id;
  counts.sales_order_shipments++;
  const soLines: { ipn: string; quantity: number; price: number; allocate: string[] }[] = [
    { ipn: "A-SNODE-01", quantity: 4, price: 59, allocate: ["1011", "1012"] },
    { ipn: "A-MDRV-02", quantity: 2, price: 79, allocate: ["2007", "2008"] },
  ];
  for (const l of soLines) {
    const line = (await tx.q
      .insert(salesOrderLines)
      .values({ order: so, part: mustGet(cat.parts, l.ipn).id, quantity: l.quantity, sale_price: l.price })
      .returning({ id: salesOrderLines.id })
      )[0].id;
    counts.sales_order_lines++;
    const bySerial = mustGet(stock.serials, l.ipn);
    for (const serial of l.allocate) {
      await tx.q.insert(salesOrderAllocations).values({ line, shipment, item: mustGet(bySerial, serial), quantity: 1 });
      counts.sales_order_allocations++;
    }
  }
  return counts;
}
