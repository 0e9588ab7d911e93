/**
 * Stocktake (InvenTree's stock location report): every in-stock item under a location tree with
 * an empty "Counted" column beside the expected quantity, totals per part, and the location's QR.
 */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import { REPORT_FORMATS } from "../../../../plugin-sdk/schema/report.ts";
import { type LocationContext, locationContext } from "../context.ts";
import { extraContextBlocks, joinSections, pageBands, printedBy, contextsInOrder } from "./common.ts";
import type { BuildOptions, BuiltinReport } from "./types.ts";

const OWN_KEYS = ["location", "stock_location", "stock_items", "qr_data", "date", "datetime", "user"];

interface PartTotal {
  part: string;
  ipn: string;
  items: number;
  expected: number;
}

/** The stocktake section of one location. */
function stocktakeBlocks(c: LocationContext, opts: BuildOptions): Block[] {
  const rows = c.stock_items.map((i) => ({
    part: i.part_detail?.full_name ?? String(i.part),
    ipn: i.part_detail?.IPN ?? "",
    location: i.location_detail?.pathstring ?? "",
    batch: i.batch,
    serial: i.serial ?? "",
    quantity: i.quantity,
    expected: i.quantity,
    counted: null,
  }));
  const perPart = new Map<number, PartTotal>();
  for (const i of c.stock_items) {
    const t = perPart.get(i.part) ?? { part: i.part_detail?.full_name ?? String(i.part), ipn: i.part_detail?.IPN ?? "", items: 0, expected: 0 };
    t.items++;
    t.expected += i.quantity;
    perPart.set(i.part, t);
  }
  const totals = [...perPart.values()].sort((a, b) => a.part.localeCompare(b.part)).map((t) => ({ ...t, counted: null, difference: null }));
  const expected = rows.reduce((s, r) => s + r.quantity, 0);
  return [
    { type: "heading", text: `Stocktake: ${c.location.pathstring}`, level: 1 },
    {
      type: "keyvalue",
      items: [
        { key: "Location", value: c.location.pathstring },
        { key: "Description", value: c.location.description },
        { key: "Stock items", value: rows.length },
        { key: "Parts", value: perPart.size },
        ...printedBy(c),
      ],
    },
    { type: "barcode", symbology: "qrcode", data: c.qr_data, width_mm: 25, height_mm: 25, caption: c.qr_data, align: "right" },
    {
      type: "table",
      caption: "Stock items",
      columns: [
        { key: "part", title: "Part", width: 4 },
        { key: "ipn", title: "IPN", width: 2 },
        { key: "location", title: "Location", width: 4 },
        { key: "batch", title: "Batch", width: 2 },
        { key: "serial", title: "Serial", width: 1.5 },
        { key: "quantity", title: "Quantity", width: 1.5, align: "right", format: "number" },
        { key: "expected", title: "Expected", width: 1.5, align: "right", format: "number" },
        { key: "counted", title: "Counted", width: 1.5, align: "right" },
      ],
      rows,
      repeat_header: true,
      zebra: true,
      totals: { part: "Total", quantity: expected, expected },
    },
    {
      type: "table",
      caption: "Totals per part",
      columns: [
        { key: "part", title: "Part", width: 4 },
        { key: "ipn", title: "IPN", width: 2 },
        { key: "items", title: "Items", width: 1, align: "right", format: "integer" },
        { key: "expected", title: "Expected", width: 1.5, align: "right", format: "number" },
        { key: "counted", title: "Counted", width: 1.5, align: "right" },
        { key: "difference", title: "Difference", width: 1.5, align: "right" },
      ],
      rows: totals,
      repeat_header: true,
      totals: { part: "Total", items: rows.length, expected },
    },
    ...extraContextBlocks(opts, c.location.pk, OWN_KEYS),
  ];
}

export const stocktakeReport: BuiltinReport = {
  key: "stocktake",
  name: "Stocktake",
  description: "Every stock item under a location tree with expected and counted quantities, totals per part and the location's QR code",
  model: "stocklocation",
  kind: "report",
  formats: REPORT_FORMATS,
  async build(ctx, pks, opts) {
    const contexts = await contextsInOrder(pks, (pk) => locationContext(ctx.database, pk, opts));
    const title = contexts.length === 1 ? `Stocktake: ${contexts[0].location.pathstring}` : "Stocktake";
    return { title, page: { size: "A4", orientation: "landscape", margin_mm: 12 }, ...pageBands(), blocks: joinSections(contexts.map((c) => stocktakeBlocks(c, opts))) };
  },
};
