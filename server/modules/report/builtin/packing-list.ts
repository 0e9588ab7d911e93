/**
 * Packing list for a sales-order shipment: the order and customer, the order's lines with what
 * this shipment carries of each, every allocated item with serial and batch, and the shipment's QR.
 */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import { REPORT_FORMATS } from "../../../../plugin-sdk/schema/report.ts";
import { type ShipmentContext, shipmentContext } from "../context.ts";
import { extraContextBlocks, joinSections, pageBands, printedBy, contextsInOrder } from "./common.ts";
import type { BuildOptions, BuiltinReport } from "./types.ts";

const OWN_KEYS = ["order", "customer", "lines", "allocations", "reference", "shipment", "qr_data", "date", "datetime", "user"];

/** The packing list of one shipment. */
function packingListBlocks(c: ShipmentContext, opts: BuildOptions): Block[] {
  const inShipment = new Map<number, number>();
  for (const a of c.allocations) inShipment.set(a.line, (inShipment.get(a.line) ?? 0) + a.quantity);
  const lines = c.lines.map((l) => ({
    part: l.part_detail?.name ?? String(l.part),
    ipn: l.part_detail?.IPN ?? "",
    reference: l.reference,
    ordered: l.quantity,
    in_shipment: inShipment.get(l.pk) ?? 0,
    shipped: l.shipped,
  }));
  const items = c.allocations.map((a) => ({
    part: a.part_detail?.name ?? String(a.part),
    ipn: a.part_detail?.IPN ?? "",
    serial: a.item_detail?.serial ?? a.serial ?? "",
    batch: a.item_detail?.batch ?? "",
    location: a.location_detail?.pathstring ?? "",
    quantity: a.quantity,
    packed: null,
  }));
  const packed = items.reduce((s, r) => s + r.quantity, 0);
  return [
    { type: "heading", text: `Packing list: ${c.order.reference} / shipment ${c.shipment.reference}`, level: 1 },
    {
      type: "keyvalue",
      items: [
        { key: "Sales order", value: c.order.reference },
        { key: "Customer", value: c.customer.name },
        { key: "Customer reference", value: c.order.customer_reference },
        { key: "Shipment", value: c.shipment.reference },
        { key: "Tracking number", value: c.shipment.tracking_number },
        { key: "Invoice number", value: c.shipment.invoice_number },
        { key: "Shipment date", value: c.shipment.shipment_date },
        ...printedBy(c),
      ],
    },
    { type: "barcode", symbology: "qrcode", data: c.qr_data, width_mm: 25, height_mm: 25, caption: c.qr_data, align: "right" },
    {
      type: "table",
      caption: "Order lines",
      columns: [
        { key: "part", title: "Part", width: 4 },
        { key: "ipn", title: "IPN", width: 2 },
        { key: "reference", title: "Reference", width: 2 },
        { key: "ordered", title: "Ordered", width: 1.5, align: "right", format: "number" },
        { key: "in_shipment", title: "In this shipment", width: 1.5, align: "right", format: "number" },
        { key: "shipped", title: "Shipped", width: 1.5, align: "right", format: "number" },
      ],
      rows: lines,
      repeat_header: true,
    },
    {
      type: "table",
      caption: "Allocated items",
      columns: [
        { key: "part", title: "Part", width: 4 },
        { key: "ipn", title: "IPN", width: 2 },
        { key: "serial", title: "Serial", width: 1.5 },
        { key: "batch", title: "Batch", width: 2 },
        { key: "location", title: "Location", width: 3 },
        { key: "quantity", title: "Quantity", width: 1.5, align: "right", format: "number" },
        { key: "packed", title: "Packed", width: 1, align: "center" },
      ],
      rows: items,
      repeat_header: true,
      zebra: true,
      totals: { part: "Total", quantity: packed },
    },
    ...extraContextBlocks(opts, c.shipment.pk, OWN_KEYS),
  ];
}

export const packingListReport: BuiltinReport = {
  key: "packing-list",
  name: "Packing list",
  description: "A sales-order shipment: order lines, allocated items with serials and batches, and the shipment's QR code",
  model: "salesordershipment",
  kind: "report",
  formats: REPORT_FORMATS,
  async build(ctx, pks, opts) {
    const contexts = await contextsInOrder(pks, (pk) => shipmentContext(ctx.database, pk, opts));
    const title = contexts.length === 1 ? `Packing list ${contexts[0].order.reference}-${contexts[0].shipment.reference}` : "Packing lists";
    return { title, page: { size: "A4", margin_mm: 15 }, ...pageBands(), blocks: joinSections(contexts.map((c) => packingListBlocks(c, opts))) };
  },
};
