import { type Static, Type } from "@sinclair/typebox";
import { CallUser } from "./call-user.ts";
import { ReportBuildInput, ReportBuildOutput } from "./report.ts";

export { CallUser };

// ---- action_run -----------------------------------------------------------------------------
export const ActionRunInput = Type.Object({
  action: Type.String(),
  data: Type.Unknown({ description: "Whatever the client sent as `data`." }),
  user: CallUser,
});
export type ActionRunInput = Static<typeof ActionRunInput>;

export const ActionRunOutput = Type.Object({
  result: Type.Unknown({ description: "Returned to the client as `result`." }),
  info: Type.Optional(Type.Unknown({ description: "Returned to the client as `info`." })),
});
export type ActionRunOutput = Static<typeof ActionRunOutput>;

// ---- barcode_scan ---------------------------------------------------------------------------
export const BarcodeScanInput = Type.Object({
  barcode: Type.String(),
  hash: Type.String({ description: "InvenTree's barcode hash: md5 of the data stripped of surrounding whitespace and control characters." }),
  context: Type.Object({ user: CallUser }, { additionalProperties: true }),
});
export type BarcodeScanInput = Static<typeof BarcodeScanInput>;

/** What a supplier barcode decodes to; the server maps it to supplier parts and order lines. */
export const SupplierBarcode = Type.Object(
  {
    supplier: Type.Optional(Type.String({ description: "Supplier name as printed, e.g. DigiKey, Mouser, LCSC, TME." })),
    sku: Type.Optional(Type.String()),
    mpn: Type.Optional(Type.String()),
    quantity: Type.Optional(Type.Number({ minimum: 0 })),
    purchase_order: Type.Optional(Type.String({ description: "The customer's purchase order number as printed." })),
    lot: Type.Optional(Type.String()),
    date_code: Type.Optional(Type.String()),
    country_of_origin: Type.Optional(Type.String()),
    serial: Type.Optional(Type.String()),
    supplier_part: Type.Optional(Type.Integer({ minimum: 1, description: "The supplier part the plugin resolved through bv_search, if it did; the server checks it." })),
    purchase_order_line: Type.Optional(Type.Integer({ minimum: 1, description: "The open purchase-order line the plugin resolved, if it did; the server checks it." })),
  },
  { additionalProperties: true, title: "SupplierBarcode" },
);
/** The schema lets a plugin add properties of its own (`additionalProperties`), so the type does too. */
export type SupplierBarcode = Static<typeof SupplierBarcode> & { [extra: string]: unknown };

export const BarcodeScanOutput = Type.Union([
  Type.Object({ match: Type.Literal(false) }, { additionalProperties: false }),
  Type.Object({ match: Type.Literal(true), model: Type.String({ minLength: 1 }), pk: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  Type.Object({ match: Type.Literal(true), supplier: SupplierBarcode }, { additionalProperties: false }),
  Type.Object({ error: Type.String({ minLength: 1 }) }, { additionalProperties: false, description: "Recognised but unusable (e.g. a damaged label)." }),
]);
/** The schema's type, with `supplier` open to the plugin's own properties as SupplierBarcode allows. */
export type BarcodeScanOutput = Static<typeof BarcodeScanOutput> extends infer U
  ? U extends { supplier: unknown }
    ? Omit<U, "supplier"> & { supplier: SupplierBarcode }
    : U
  : never;

/** Each export: its input and output schema. */
export const EXPORTS = {
  action_run: { input: ActionRunInput, output: ActionRunOutput },
  barcode_scan: { input: BarcodeScanInput, output: BarcodeScanOutput },
  report_build: { input: ReportBuildInput, output: ReportBuildOutput },
} as const;
export type ExportName = keyof typeof EXPORTS;
/** What a plugin's export receives, from its ABI schema. */
export type ExportInput<E extends ExportName> = Static<(typeof EXPORTS)[E]["input"]>;
/** What a plugin's export answers, from its ABI schema (the host validates every output against it). */
export type ExportOutput<E extends ExportName> = E extends "barcode_scan" ? BarcodeScanOutput : Static<(typeof EXPORTS)[E]["output"]>;
