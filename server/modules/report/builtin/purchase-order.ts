/** Purchase order: supplier, order details, lines with SKU/MPN, quantities, received and prices, totals. */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import { REPORT_FORMATS } from "../../../../plugin-sdk/schema/report.ts";
import { type PurchaseOrderContext, purchaseOrderContext } from "../context.ts";
import { extraContextBlocks, joinSections, pageBands, printedBy, contextsInOrder } from "./common.ts";
import type { BuildOptions, BuiltinReport } from "./types.ts";

const OWN_KEYS = ["order", "supplier", "lines", "reference", "description", "qr_data", "date", "datetime", "user"];

/** The purchase order section of one order. */
function purchaseOrderBlocks(c: PurchaseOrderContext, opts: BuildOptions): Block[] {
  const rows = c.lines.map((l) => ({
    part: l.internal_part_name,
    sku: l.sku,
    mpn: l.mpn,
    quantity: l.quantity,
    received: l.received,
    unit_price: l.purchase_price,
    total: l.total_price,
  }));
  const sum = (f: (r: (typeof rows)[number]) => number | null) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
  const total = Math.round(sum((r) => r.total) * 100) / 100;
  return [
    { type: "heading", text: `Purchase order ${c.order.reference}`, level: 1 },
    {
      type: "keyvalue",
      items: [
        { key: "Supplier", value: c.supplier.name },
        { key: "Supplier reference", value: c.order.supplier_reference },
        { key: "Description", value: c.order.description },
        { key: "Status", value: c.order.status_text },
        { key: "Issue date", value: c.order.issue_date },
        { key: "Target date", value: c.order.target_date },
        { key: "Currency", value: c.supplier.currency },
        ...printedBy(c),
      ],
    },
    { type: "barcode", symbology: "qrcode", data: c.qr_data, width_mm: 25, height_mm: 25, caption: c.qr_data, align: "right" },
    {
      type: "table",
      caption: "Line items",
      columns: [
        { key: "part", title: "Part", width: 4 },
        { key: "sku", title: "SKU", width: 2.5 },
        { key: "mpn", title: "MPN", width: 2.5 },
        { key: "quantity", title: "Quantity", width: 1.5, align: "right", format: "number" },
        { key: "received", title: "Received", width: 1.5, align: "right", format: "number" },
        { key: "unit_price", title: "Unit price", width: 1.5, align: "right", format: "currency", decimals: 4 },
        { key: "total", title: "Total", width: 1.5, align: "right", format: "currency", decimals: 2 },
      ],
      rows,
      repeat_header: true,
      zebra: true,
      totals: { part: "Total", quantity: sum((r) => r.quantity), received: sum((r) => r.received), total },
    },
    ...extraContextBlocks(opts, c.order.pk, OWN_KEYS),
  ];
}

export const purchaseOrderReport: BuiltinReport = {
  key: "purchase-order",
  name: "Purchase order",
  description: "A purchase order for the supplier: lines with SKU, MPN, quantities, received and prices, with totals",
  model: "purchaseorder",
  kind: "report",
  formats: REPORT_FORMATS,
  async build(ctx, pks, opts) {
    const contexts = await contextsInOrder(pks, (pk) => purchaseOrderContext(ctx.database, pk, opts));
    const title = contexts.length === 1 ? `Purchase order ${contexts[0].order.reference}` : "Purchase orders";
    return { title, page: { size: "A4", margin_mm: 15 }, ...pageBands(), blocks: joinSections(contexts.map((c) => purchaseOrderBlocks(c, opts))) };
  },
};
