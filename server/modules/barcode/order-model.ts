/** TypeBox schemas of the scan-driven order endpoints: InvenTree's BarcodePOReceiveSerializer and BarcodeSOAllocateSerializer. */
import { type Static, t } from "elysia";

const Pk = t.Integer({ minimum: 1 });
/**
 * Optional here only so that a missing barcode is reported together with the other fields, as DRF
 * does; request-fields.ts' readBarcodeField requires it, strips it and applies the 4,095 cap.
 */
const Barcode = t.Optional(t.String({ description: "Scanned barcode data (required)" }));

export const PoReceiveBody = t.Object({
  barcode: Barcode,
  supplier: t.Optional(t.Union([Pk, t.Null()], { description: "Supplier to receive items from" })),
  purchase_order: t.Optional(t.Union([Pk, t.Null()], { description: "PurchaseOrder to receive items against" })),
  location: t.Optional(t.Union([Pk, t.Null()], { description: "Location to receive items into" })),
  line_item: t.Optional(t.Union([Pk, t.Null()], { description: "Purchase order line item to receive items against" })),
  auto_allocate: t.Optional(t.Boolean({ default: true, description: "Automatically allocate stock items to the purchase order" })),
});
export type PoReceiveInput = Static<typeof PoReceiveBody>;

export const PoAllocateBody = t.Object({
  barcode: Barcode,
  purchase_order: t.Optional(
    t.Union([Pk, t.Null()], { title: "Purchase Order", description: "Purchase Order to allocate items against (required)", "x-related": { model: "purchaseorder", api_url: "/api/order/po/" } }),
  ),
});
export type PoAllocateInput = Static<typeof PoAllocateBody>;

export const SoAllocateBody = t.Object({
  barcode: Barcode,
  sales_order: t.Optional(t.Integer({ minimum: 1, description: "Sales Order to allocate items against (required)" })),
  line: t.Optional(t.Union([Pk, t.Null()], { description: "Sales order line item to allocate items against" })),
  shipment: t.Optional(t.Union([Pk, t.Null()], { description: "Sales order shipment to allocate items against" })),
  quantity: t.Optional(t.Integer({ minimum: 1, description: "Quantity to allocate" })),
});
export type SoAllocateInput = Static<typeof SoAllocateBody>;

/** What a matched model looks like in a scan response (InvenTree's format_matched_response). */
const MatchedObject = t.Object({ pk: t.Integer() }, { additionalProperties: true });

/** The 200 answer of po-receive: `success` (received) or `action_required` with the line to complete. */
export const PoReceiveResponse = t.Object(
  {
    barcode_data: t.String(),
    barcode_hash: t.String(),
    plugin: t.Union([t.String(), t.Null()]),
    lineitem: t.Object({
      pk: t.Integer(),
      quantity: t.Number(),
      supplier_part: t.Integer(),
      purchase_order: t.Integer(),
      location: t.Union([t.Integer(), t.Null()]),
    }),
    success: t.Optional(t.String()),
    action_required: t.Optional(t.String()),
    stockitem: t.Optional(MatchedObject),
  },
  { additionalProperties: true },
);

/** The 200 answer of so-allocate. */
export const SoAllocateResponse = t.Object(
  {
    barcode_data: t.String(),
    barcode_hash: t.String(),
    plugin: t.Union([t.String(), t.Null()]),
    stockitem: MatchedObject,
    stock_item: t.Integer(),
    part: t.Integer(),
    sales_order: t.Integer(),
    line_item: t.Integer(),
    shipment: t.Union([t.Integer(), t.Null()]),
    quantity: t.Number(),
    success: t.Optional(t.String()),
  },
  { additionalProperties: true },
);

/** InvenTree's error answer: the scan response with `error` (and whatever was matched so far). */
export const ScanErrorResponse = t.Object({ error: t.Optional(t.String()) }, { additionalProperties: true });

/** The 200 answer of po-allocate: the one matching supplier part of the order's supplier. */
export const PoAllocateResponse = t.Object(
  { barcode_data: t.String(), barcode_hash: t.String(), plugin: t.Union([t.String(), t.Null()]), success: t.String(), supplierpart: MatchedObject },
  { additionalProperties: true },
);
