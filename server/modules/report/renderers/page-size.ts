import type { ReportDocument } from "../../../../plugin-sdk/schema/report.ts";

/** Named sizes in millimetres (portrait). */
const SIZES_MM: Record<string, [number, number]> = {
  A4: [210, 297],
  A5: [148, 210],
  A6: [105, 148],
  Letter: [215.9, 279.4],
  Legal: [215.9, 355.6],
};

const DEFAULT_MARGIN_MM = 15;

/** The page of a document in millimetres, orientation applied, and its margin (default 15 mm). */
export function pageSetup(doc: ReportDocument): { widthMm: number; heightMm: number; marginMm: number } {
  const size = doc.page?.size ?? "A4";
  let [w, h] = typeof size === "string" ? SIZES_MM[size] : [size.width_mm, size.height_mm];
  // Named sizes are portrait; a custom size is taken as given unless an orientation is asked for.
  const orientation = doc.page?.orientation;
  if (orientation && (orientation === "landscape") !== w > h) [w, h] = [h, w];
  // A margin that would leave no content box is capped at a third of the shorter side.
  const marginMm = Math.min(doc.page?.margin_mm ?? DEFAULT_MARGIN_MM, Math.min(w, h) / 3);
  return { widthMm: w, heightMm: h, marginMm };
}
