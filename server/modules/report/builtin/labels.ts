/**
 * Label sheets for parts, stock items and locations: one label per object with a QR, DataMatrix
 * or Code128 of its native barcode and a few lines of text, laid out in a grid of the chosen size.
 */
import type { Block } from "../../../../plugin-sdk/schema/report.ts";
import type { Reads } from "../../../db/database.ts";
import { formatNativeBarcode } from "../../barcode/service.ts";
import { getPartsByIds } from "../../part/service.ts";
import { loadStockItems } from "../../stock/service.ts";
import { LocationTree } from "../../stock/service.ts";
import type { ReportModel } from "../context.ts";
import type { BuildOptions, BuiltinReport, LabelOptions } from "./types.ts";

/** InvenTree's default label template size (50 × 20 mm), a 2 mm gap, and a QR code. */
export const DEFAULT_LABEL: LabelOptions = { width_mm: 50, height_mm: 20, gap_mm: 2, symbology: "qrcode" };

type LabelItem = Extract<Block, { type: "labels" }>["items"][number];

const qty = (n: number, units: string) => `${Number(n.toFixed(6))}${units ? ` ${units}` : ""}`;

async function partLabels(db: Reads, pks: number[]): Promise<Omit<LabelItem, "barcode">[]> {
  const parts = await getPartsByIds(db, pks);
  const tree = await LocationTree.load(db);
  return pks.map((pk) => {
    const p = parts.get(pk);
    if (!p) return { lines: [] };
    const loc = p.default_location === null ? undefined : tree.byId.get(p.default_location);
    return { lines: [p.name, p.IPN ? `IPN: ${p.IPN}` : "", loc ? `Location: ${loc.pathstring}` : "", `In stock: ${qty(p.in_stock, p.units)}`].filter((l) => l !== "") };
  });
}

async function stockItemLabels(db: Reads, pks: number[]): Promise<Omit<LabelItem, "barcode">[]> {
  const items = new Map((await loadStockItems(db, pks, { part_detail: true, location_detail: true })).map((i) => [i.pk, i]));
  return pks.map((pk) => {
    const i = items.get(pk);
    if (!i) return { lines: [] };
    const part = i.part_detail;
    return {
      lines: [
        part?.name ?? `Part ${i.part}`,
        part?.IPN ? `IPN: ${part.IPN}` : "",
        i.location_detail ? `Location: ${i.location_detail.pathstring}` : "",
        i.serial ? `Serial: ${i.serial}` : `Quantity: ${qty(i.quantity, part?.units ?? "")}`,
        i.batch ? `Batch: ${i.batch}` : "",
      ].filter((l) => l !== ""),
    };
  });
}

async function locationLabels(db: Reads, pks: number[]): Promise<Omit<LabelItem, "barcode">[]> {
  const tree = await LocationTree.load(db);
  return pks.map((pk) => {
    const l = tree.byId.get(pk);
    if (!l) return { lines: [] };
    return { lines: [l.name, l.pathstring !== l.name ? l.pathstring : "", l.description].filter((x) => x !== "") };
  });
}

function labelReport(key: string, name: string, model: ReportModel & ("part" | "stockitem" | "stocklocation"), lines: (db: Reads, pks: number[]) => Promise<Omit<LabelItem, "barcode">[]>): BuiltinReport {
  return {
    key,
    name,
    description: `${name}s: a QR, DataMatrix or Code128 of the native barcode with name, IPN, location and quantity`,
    model,
    kind: "label",
    formats: ["pdf", "html", "md", "tex"],
    async build(ctx, pks, opts: BuildOptions) {
      const label = opts.label ?? DEFAULT_LABEL;
      const texts = await lines(ctx.database, pks);
      const items: LabelItem[] = [];
      for (const [i, pk] of pks.entries()) items.push({ barcode: { symbology: label.symbology, data: await formatNativeBarcode(ctx.database, model, pk) }, lines: texts[i].lines });
      return {
        title: name + (pks.length === 1 ? "" : "s"),
        page: { size: "A4", margin_mm: 10 },
        blocks: [{ type: "labels", label: { width_mm: label.width_mm, height_mm: label.height_mm, gap_mm: label.gap_mm }, items }],
      };
    },
  };
}

export const partLabel = labelReport("part-label", "Part label", "part", partLabels);
export const stockItemLabel = labelReport("stockitem-label", "Stock item label", "stockitem", stockItemLabels);
export const locationLabel = labelReport("stocklocation-label", "Stock location label", "stocklocation", locationLabels);
