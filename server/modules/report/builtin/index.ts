/** The built-in reports and labels, in the order GET /api/report/ and /api/label/ list them. */
import { locationLabel, partLabel, stockItemLabel } from "./labels.ts";
import { packingListReport } from "./packing-list.ts";
import { purchaseOrderReport } from "./purchase-order.ts";
import { stocktakeReport } from "./stocktake.ts";
import { testReport } from "./test-report.ts";
import type { BuiltinReport } from "./types.ts";

export const BUILTIN_REPORTS: readonly BuiltinReport[] = [stocktakeReport, packingListReport, testReport, purchaseOrderReport, partLabel, stockItemLabel, locationLabel];

/**
 * The integer pks of the built-in templates, as InvenTree's LabelTemplate / ReportTemplate rows
 * have (reports and labels are two tables there, so two id spaces here). Clients store these
 * (the app remembers a default label template per model): never renumber or reuse one.
 */
export const BUILTIN_TEMPLATE_IDS: Readonly<Record<"report" | "label", Readonly<Record<string, number>>>> = {
  report: { stocktake: 1, "packing-list": 2, "test-report": 3, "purchase-order": 4 },
  label: { "part-label": 1, "stockitem-label": 2, "stocklocation-label": 3 },
};

/** The built-in report or label with this key, if any. */
export const findBuiltin = (key: string): BuiltinReport | undefined => BUILTIN_REPORTS.find((r) => r.key === key);

export type {  BuiltinReport, LabelOptions, Symbology } from "./types.ts";
export { DEFAULT_LABEL } from "./labels.ts";
