import { t, type Static } from "elysia";
import { ImageOutFields } from "../media/model.ts";
import { LocationBriefSchema } from "../stock/location-model.ts";
import { STOCK_STATUS_CODES, stockStatusLabel } from "../stock/status-codes.ts";
import { Nullable } from "../../http/schema.ts";
import { ListQuery } from "../../http/pagination.ts";

/** TypeBox schemas of the order API: bodies, queries and responses, with InvenTree's field names. */

export const DateString = t.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD" });
const Pk = t.Integer({ minimum: 1 });
const Text = (maxLength: number) => t.String({ maxLength });

export const PkParams = t.Object({ pk: t.Integer({ minimum: 1 }) });
// Strict true/false here, unlike http/query.ts BoolQuery and stock str2bool: the order routes have always validated so.
const Flag = t.Optional(t.Boolean());

// ---- briefs used by *_detail fields ----
export const CompanyBrief = t.Object({
  pk: t.Integer(),
  name: t.String(),
  description: t.String(),
  website: t.String(),
  currency: t.String(),
  is_customer: t.Boolean(),
  is_supplier: t.Boolean(),
  is_manufacturer: t.Boolean(),
  active: t.Boolean(),
  ...ImageOutFields,
});
export const PartBrief = t.Object({
  pk: t.Integer(),
  name: t.String(),
  IPN: t.String(),
  description: t.String(),
  units: t.String(),
  active: t.Boolean(),
  salable: t.Boolean(),
  purchaseable: t.Boolean(),
  trackable: t.Boolean(),
  virtual: t.Boolean(),
  ...ImageOutFields,
});
export const SupplierPartBrief = t.Object({
  pk: t.Integer(),
  part: t.Integer(),
  supplier: t.Integer(),
  SKU: t.String(),
  MPN: t.String(),
  description: t.String(),
  pack_quantity: t.String(),
  pack_quantity_native: t.Number(),
  active: t.Boolean(),
});
/** The stock module's brief location, also used in order responses. */
export const LocationBrief = LocationBriefSchema;
/** A stock item as the order routes return it (receipts, allocation details). */
export const StockItemBrief = t.Object({
  pk: t.Integer(),
  part: t.Integer(),
  quantity: t.Number(),
  location: Nullable(t.Integer()),
  serial: Nullable(t.String()),
  batch: t.String(),
  status: t.Integer(),
  supplier_part: Nullable(t.Integer()),
  purchase_order: Nullable(t.Integer()),
  sales_order: Nullable(t.Integer()),
  customer: Nullable(t.Integer()),
  purchase_price: Nullable(t.Number()),
  expiry_date: Nullable(t.String()),
});

// ---- purchase orders ----
export const PurchaseOrderSchema = t.Object({
  pk: t.Integer(),
  reference: t.String(),
  supplier: t.Integer(),
  supplier_name: t.String(),
  supplier_detail: t.Optional(CompanyBrief),
  supplier_reference: t.String(),
  description: t.String(),
  status: t.Integer(),
  status_text: t.String(),
  destination: Nullable(t.Integer()),
  creation_date: t.String(),
  issue_date: Nullable(t.String()),
  target_date: Nullable(t.String()),
  complete_date: Nullable(t.String()),
  created_by: Nullable(t.Integer()),
  notes: t.String(),
  barcode_hash: t.String(),
  line_items: t.Integer(),
  completed_lines: t.Integer(),
  overdue: t.Boolean(),
});
export type PurchaseOrderOut = Static<typeof PurchaseOrderSchema>;

const purchaseOrderFields = {
  reference: t.String({ minLength: 1, maxLength: 64 }),
  supplier: Pk,
  supplier_reference: t.Optional(Text(64)),
  description: t.Optional(Text(250)),
  destination: t.Optional(Nullable(Pk)),
  target_date: t.Optional(Nullable(DateString)),
  notes: t.Optional(Text(50000)),
};
export const PurchaseOrderCreate = t.Object(purchaseOrderFields);
export const PurchaseOrderPatch = t.Partial(t.Object(purchaseOrderFields));
export type PurchaseOrderInput = Static<typeof PurchaseOrderPatch>;

export const PurchaseOrderQuery = t.Object({
  ...ListQuery,
  supplier: t.Optional(t.Integer()),
  status: t.Optional(t.Integer()),
  outstanding: Flag,
  overdue: Flag,
  reference: t.Optional(t.String()),
  supplier_detail: Flag,
});
export const DetailQuery = t.Object({ supplier_detail: Flag, customer_detail: Flag, part_detail: Flag });

export const CompleteBody = t.Object({ accept_incomplete: t.Optional(t.Boolean({ default: false })) });

// ---- purchase order lines ----
export const PurchaseLineSchema = t.Object({
  pk: t.Integer(),
  order: t.Integer(),
  part: t.Integer({ description: "The SupplierPart ordered" }),
  quantity: t.Number(),
  received: t.Number(),
  purchase_price: Nullable(t.Number()),
  destination: Nullable(t.Integer()),
  reference: t.String(),
  notes: t.String(),
  target_date: Nullable(t.String()),
  overdue: t.Boolean(),
  total_price: Nullable(t.Number()),
  internal_part: t.Integer(),
  internal_part_name: t.String(),
  sku: t.String(),
  mpn: t.String(),
  part_detail: t.Optional(PartBrief),
  supplier_part_detail: t.Optional(SupplierPartBrief),
});
export type PurchaseLineOut = Static<typeof PurchaseLineSchema>;

const purchaseLineFields = {
  order: Pk,
  part: Pk,
  quantity: t.Number(),
  purchase_price: t.Optional(Nullable(t.Number())),
  destination: t.Optional(Nullable(Pk)),
  reference: t.Optional(Text(100)),
  notes: t.Optional(Text(500)),
  target_date: t.Optional(Nullable(DateString)),
};
export const PurchaseLineCreate = t.Object(purchaseLineFields);
export const PurchaseLinePatch = t.Partial(t.Object(purchaseLineFields));
export type PurchaseLineInput = Static<typeof PurchaseLinePatch>;

export const PurchaseLineQuery = t.Object({
  ...ListQuery,
  order: t.Optional(t.Integer()),
  part: t.Optional(t.Integer()),
  base_part: t.Optional(t.Integer()),
  received: Flag,
  pending: Flag,
  order_status: t.Optional(t.Integer()),
  part_detail: Flag,
});

// ---- receiving ----
export const ReceiveItem = t.Object({
  line_item: Pk,
  quantity: t.Number({ exclusiveMinimum: 0 }),
  location: t.Optional(Nullable(Pk)),
  // default and choices for OPTIONS: the app's receive form sends the default when left untouched
  status: t.Optional(t.Integer({ default: 10, "x-choices": STOCK_STATUS_CODES.map((c) => ({ value: c, display_name: stockStatusLabel(c) })) })),
  batch_code: t.Optional(Text(100)),
  expiry_date: t.Optional(Nullable(DateString)),
  serial_numbers: t.Optional(Text(10000)),
  note: t.Optional(Text(1000)),
});
export type ReceiveItemInput = Static<typeof ReceiveItem>;
export const ReceiveBody = t.Object({
  items: t.Array(ReceiveItem, { maxItems: 1000 }),
  location: t.Optional(Nullable(Pk)),
});

// ---- sales orders ----
export const SalesOrderSchema = t.Object({
  pk: t.Integer(),
  reference: t.String(),
  customer: t.Integer(),
  customer_name: t.String(),
  customer_detail: t.Optional(CompanyBrief),
  customer_reference: t.String(),
  description: t.String(),
  status: t.Integer(),
  status_text: t.String(),
  creation_date: t.String(),
  target_date: Nullable(t.String()),
  shipment_date: Nullable(t.String()),
  created_by: Nullable(t.Integer()),
  notes: t.String(),
  barcode_hash: t.String(),
  line_items: t.Integer(),
  completed_lines: t.Integer(),
  shipments_count: t.Integer(),
  completed_shipments_count: t.Integer(),
  overdue: t.Boolean(),
});
export type SalesOrderOut = Static<typeof SalesOrderSchema>;

const salesOrderFields = {
  reference: t.String({ minLength: 1, maxLength: 64 }),
  customer: Pk,
  customer_reference: t.Optional(Text(64)),
  description: t.Optional(Text(250)),
  target_date: t.Optional(Nullable(DateString)),
  notes: t.Optional(Text(50000)),
};
export const SalesOrderCreate = t.Object(salesOrderFields);
export const SalesOrderPatch = t.Partial(t.Object(salesOrderFields));
export type SalesOrderInput = Static<typeof SalesOrderPatch>;

export const SalesOrderQuery = t.Object({
  ...ListQuery,
  customer: t.Optional(t.Integer()),
  status: t.Optional(t.Integer()),
  outstanding: Flag,
  overdue: Flag,
  reference: t.Optional(t.String()),
  customer_detail: Flag,
});

// ---- sales order lines ----
export const SalesLineSchema = t.Object({
  pk: t.Integer(),
  order: t.Integer(),
  part: t.Integer(),
  quantity: t.Number(),
  shipped: t.Number(),
  allocated: t.Number(),
  sale_price: Nullable(t.Number()),
  reference: t.String(),
  notes: t.String(),
  target_date: Nullable(t.String()),
  overdue: t.Boolean(),
  part_detail: t.Optional(PartBrief),
});
export type SalesLineOut = Static<typeof SalesLineSchema>;

const salesLineFields = {
  order: Pk,
  part: Pk,
  quantity: t.Number(),
  sale_price: t.Optional(Nullable(t.Number())),
  reference: t.Optional(Text(100)),
  notes: t.Optional(Text(500)),
  target_date: t.Optional(Nullable(DateString)),
};
export const SalesLineCreate = t.Object(salesLineFields);
export const SalesLinePatch = t.Partial(t.Object(salesLineFields));
export type SalesLineInput = Static<typeof SalesLinePatch>;

export const SalesLineQuery = t.Object({
  ...ListQuery,
  order: t.Optional(t.Integer()),
  part: t.Optional(t.Integer()),
  completed: Flag,
  order_status: t.Optional(t.Integer()),
  part_detail: Flag,
});

// ---- shipments ----
export const SalesOrderBrief = t.Object({
  pk: t.Integer(),
  reference: t.String(),
  customer: t.Integer(),
  status: t.Integer(),
  status_text: t.String(),
});
export const ShipmentSchema = t.Object({
  pk: t.Integer(),
  order: t.Integer(),
  order_detail: t.Optional(SalesOrderBrief),
  allocated_items: t.Integer(),
  shipment_date: Nullable(t.String()),
  delivery_date: Nullable(t.String()),
  checked_by: Nullable(t.Integer()),
  reference: t.String(),
  tracking_number: t.String(),
  invoice_number: t.String(),
  barcode_hash: t.String(),
  notes: t.String(),
});
export type ShipmentOut = Static<typeof ShipmentSchema>;

const shipmentFields = {
  order: Pk,
  reference: t.Optional(t.String({ minLength: 1, maxLength: 100 })),
  delivery_date: t.Optional(Nullable(DateString)),
  tracking_number: t.Optional(Text(100)),
  invoice_number: t.Optional(Text(100)),
  notes: t.Optional(Text(50000)),
};
export const ShipmentCreate = t.Object(shipmentFields);
export const ShipmentPatch = t.Partial(t.Object(shipmentFields));
export type ShipmentInput = Static<typeof ShipmentPatch>;

export const ShipmentQuery = t.Object({
  ...ListQuery,
  order: t.Optional(t.Integer()),
  shipped: Flag,
  delivered: Flag,
});

export const ShipBody = t.Object({
  shipment_date: t.Optional(Nullable(DateString)),
  delivery_date: t.Optional(Nullable(DateString)),
  tracking_number: t.Optional(Text(100)),
  invoice_number: t.Optional(Text(100)),
});
export type ShipInput = Static<typeof ShipBody>;

// ---- allocations ----
export const AllocationSchema = t.Object({
  pk: t.Integer(),
  line: t.Integer(),
  item: t.Integer(),
  quantity: t.Number(),
  shipment: Nullable(t.Integer()),
  part: t.Integer(),
  order: t.Integer(),
  serial: Nullable(t.String()),
  location: Nullable(t.Integer()),
  item_detail: t.Optional(StockItemBrief),
  part_detail: t.Optional(PartBrief),
  location_detail: t.Optional(Nullable(LocationBrief)),
  shipment_detail: t.Optional(Nullable(t.Omit(ShipmentSchema, ["order_detail"]))),
});
export type AllocationOut = Static<typeof AllocationSchema>;

export const AllocationPatch = t.Object({
  quantity: t.Optional(t.Number({ exclusiveMinimum: 0 })),
  shipment: t.Optional(Nullable(Pk)),
});
export const AllocationPut = t.Object({ item: t.Optional(Pk), quantity: t.Number({ exclusiveMinimum: 0 }), shipment: t.Optional(Nullable(Pk)) });
export type AllocationInput = Static<typeof AllocationPatch>;

export const AllocationQuery = t.Object({
  ...ListQuery,
  order: t.Optional(t.Integer()),
  line: t.Optional(t.Integer()),
  part: t.Optional(t.Integer()),
  item: t.Optional(t.Integer()),
  stock_item: t.Optional(t.Integer()),
  shipment: t.Optional(t.Integer()),
  outstanding: Flag,
  part_detail: Flag,
  item_detail: Flag,
  location_detail: Flag,
});

export const AllocateItem = t.Object({
  line_item: Pk,
  stock_item: Pk,
  quantity: t.Number({ exclusiveMinimum: 0 }),
});
export type AllocateItemInput = Static<typeof AllocateItem>;
export const AllocateBody = t.Object({
  items: t.Array(AllocateItem, { maxItems: 1000 }),
  shipment: t.Optional(Nullable(Pk)),
});
