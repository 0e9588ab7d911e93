import { t, type Static } from "elysia";
import { ImageOutFields } from "../media/model.ts";
import { LocationBriefSchema, STOCK_STATUS_CODES, stockStatusLabel } from "../stock/model.ts";
import { Nullable } from "../../core/schema.ts";
import { ListQuery } from "../../core/pagination.ts";
import { BoolQuery } from "../../core/query.ts";
import { UserBriefSchema } from "../user/model.ts";
import { PartBriefSchema } from "../part/model.ts";

/** TypeBox schemas of the order API: bodies, queries and responses, with InvenTree's field names. */

const DateString = t.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD" });
const Pk = t.Integer({ minimum: 1 });
const Text = (maxLength: number) => t.String({ maxLength });

/** A boolean filter or *_detail flag: core/query.ts's BoolQuery, read with parseBoolQuery. */
const Flag = t.Optional(BoolQuery);

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

/**
 * InvenTree order fields Binventory has no concept for (project codes, contacts, owners,
 * addresses): always their neutral values, so clients that read them find the keys.
 */
const NeutralOrderFields = {
  project_code: t.Null(),
  project_code_label: t.Null(),
  project_code_detail: t.Null(),
  responsible: t.Null(),
  responsible_detail: t.Null(),
  contact: t.Null(),
  contact_detail: t.Null(),
  address: t.Null(),
  address_detail: t.Null(),
};
export const NEUTRAL_ORDER_FIELDS = {
  project_code: null,
  project_code_label: null,
  project_code_detail: null,
  responsible: null,
  responsible_detail: null,
  contact: null,
  contact_detail: null,
  address: null,
  address_detail: null,
} as const;

/**
 * The order form fields of InvenTree features Binventory does not have. The app's PO / SO forms ask
 * for them (inventree-app purchase_order.dart:55-63, sales_order.dart:55-62; removed only below
 * apiVersion 104 / 109): OPTIONS describes each as the related field InvenTree has, marked `hidden`
 * (the app then neither draws nor fills it, api_form.dart:127, 1300), and a body may carry it as null,
 * which is what the app sends. Anything else is refused.
 */
const absentRelated = (title: string, description: string, model: string, api_url: string) =>
  t.Optional(t.Null({ title, description: `${description} (not available in Binventory: always null)`, "x-related": { model, api_url }, "x-hidden": true }));
const AbsentOrderInputs = {
  project_code: absentRelated("Project Code", "Select project code for this order", "projectcode", "/api/project-code/"),
  responsible: absentRelated("Responsible", "User or group responsible for this order", "owner", "/api/user/owner/"),
  contact: absentRelated("Contact", "Point of contact for this order", "contact", "/api/company/contact/"),
  address: absentRelated("Address", "Company address for this order", "address", "/api/company/address/"),
};
type AbsentOrderInput = "project_code" | "responsible" | "contact" | "address";
/** The input without the absent features' fields (always null), before it reaches the database. */
export function withoutAbsentFields<T extends Partial<Record<AbsentOrderInput, null>>>(input: T): Omit<T, AbsentOrderInput> {
  const { project_code: _p, responsible: _r, contact: _c, address: _a, ...rest } = input;
  return rest;
}

/** InvenTree API 306: the scheduled start of an order, never after its target date. */
const StartDateField = t.Optional(Nullable(t.String({ pattern: DateString.pattern, title: "Start date", description: "Scheduled start date for this order" })));
/** List filters on start_date, as InvenTree's order filter sets (has_start_date, start_date_before / _after: strictly). */
const StartDateFilters = {
  has_start_date: Flag,
  start_date_before: t.Optional(t.String({ pattern: DateString.pattern, description: "Orders starting before this date (YYYY-MM-DD)" })),
  start_date_after: t.Optional(t.String({ pattern: DateString.pattern, description: "Orders starting after this date (YYYY-MM-DD)" })),
};

const LinkField = t.String({ maxLength: 2000, title: "Link", description: "Link to external page" });

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
  start_date: Nullable(t.String()),
  target_date: Nullable(t.String()),
  complete_date: Nullable(t.String()),
  created_by: Nullable(t.Integer()),
  notes: t.String(),
  barcode_hash: t.String(),
  line_items: t.Integer(),
  completed_lines: t.Integer(),
  overdue: t.Boolean(),
  link: t.String(),
  status_custom_key: t.Integer(),
  order_currency: Nullable(t.String()),
  total_price: Nullable(t.Number()),
  ...NeutralOrderFields,
});
export type PurchaseOrderOut = Static<typeof PurchaseOrderSchema>;

const purchaseOrderFields = {
  reference: t.Optional(t.String({ minLength: 1, maxLength: 64, title: "Reference", description: "Order reference" })),
  supplier: t.Integer({ minimum: 1, title: "Supplier", description: "Company from which the items are being ordered", "x-related": { model: "company", api_url: "/api/company/", filters: { is_supplier: true } } }),
  supplier_reference: t.Optional(Text(64)),
  description: t.Optional(Text(250)),
  destination: t.Optional(Nullable(t.Integer({ minimum: 1, title: "Destination", description: "Destination for received items", "x-related": { model: "stocklocation", api_url: "/api/stock/location/" } }))),
  start_date: StartDateField,
  target_date: t.Optional(Nullable(DateString)),
  link: t.Optional(LinkField),
  notes: t.Optional(Text(50000)),
  ...AbsentOrderInputs,
};
/**
 * POST: `reference` may be omitted, null (what the app's form sends for an untouched field) or
 * blank, and is then generated from PURCHASEORDER_REFERENCE_PATTERN.
 */
export const PurchaseOrderCreate = t.Object({
  ...purchaseOrderFields,
  reference: t.Optional(Nullable(t.String({ maxLength: 64, title: "Reference", description: "Order reference; generated from PURCHASEORDER_REFERENCE_PATTERN when empty" }))),
});
export const PurchaseOrderPut = t.Object(purchaseOrderFields);
export const PurchaseOrderPatch = t.Partial(t.Object(purchaseOrderFields));
export type PurchaseOrderInput = Static<typeof PurchaseOrderPatch>;

export const PurchaseOrderQuery = t.Object({
  ...ListQuery,
  supplier: t.Optional(t.Integer()),
  part: t.Optional(t.Integer({ description: "Orders with a line for this part" })),
  supplier_part: t.Optional(t.Integer({ description: "Orders with a line for this supplier part" })),
  assigned_to_me: t.Optional(t.String({ ...BoolQuery, description: "No responsible owners here: true matches nothing" })),
  status: t.Optional(t.Integer()),
  outstanding: Flag,
  overdue: Flag,
  reference: t.Optional(t.String()),
  supplier_detail: Flag,
  ...StartDateFilters,
});
export const DetailQuery = t.Object({ supplier_detail: Flag, customer_detail: Flag, part_detail: Flag, order_detail: Flag });

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
  ipn: t.String(),
  link: t.String(),
  purchase_price_currency: t.String(),
  build_order: t.Null(),
  project_code: t.Null(),
  part_detail: t.Optional(PartBriefSchema),
  supplier_part_detail: t.Optional(SupplierPartBrief),
  order_detail: t.Optional(t.Unknown({ description: "The purchase order, as /api/order/po/<pk>/ shows it" })),
  destination_detail: t.Optional(Nullable(LocationBriefSchema)),
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
  link: t.Optional(LinkField),
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
  order_detail: Flag,
});

// ---- receiving ----
const ReceiveItem = t.Object({
  line_item: Pk,
  quantity: t.Number({ exclusiveMinimum: 0 }),
  location: t.Optional(Nullable(Pk)),
  // default and choices for OPTIONS: the app's receive form sends the default when left untouched
  status: t.Optional(t.Integer({ default: 10, "x-choices": STOCK_STATUS_CODES.map((c) => ({ value: c, display_name: stockStatusLabel(c) })) })),
  batch_code: t.Optional(Text(100)),
  expiry_date: t.Optional(Nullable(DateString)),
  serial_numbers: t.Optional(Text(10000)),
  note: t.Optional(Text(1000)),
  barcode: t.Optional(Nullable(t.String({ maxLength: 4095, title: "Barcode", description: "Scanned barcode to assign to the new stock item" }))),
  packaging: t.Optional(Text(50)),
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
  start_date: Nullable(t.String()),
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
  link: t.String(),
  status_custom_key: t.Integer(),
  issue_date: t.Null(),
  order_currency: Nullable(t.String()),
  total_price: Nullable(t.Number()),
  ...NeutralOrderFields,
});
export type SalesOrderOut = Static<typeof SalesOrderSchema>;

const salesOrderFields = {
  reference: t.Optional(t.String({ minLength: 1, maxLength: 64, title: "Reference", description: "Order reference" })),
  customer: t.Integer({ minimum: 1, title: "Customer", description: "Company to which the items are being sold", "x-related": { model: "company", api_url: "/api/company/", filters: { is_customer: true } } }),
  customer_reference: t.Optional(Text(64)),
  description: t.Optional(Text(250)),
  start_date: StartDateField,
  target_date: t.Optional(Nullable(DateString)),
  link: t.Optional(LinkField),
  notes: t.Optional(Text(50000)),
  ...AbsentOrderInputs,
};
/** POST: `reference` may be omitted, null or blank, and is then generated from SALESORDER_REFERENCE_PATTERN. */
export const SalesOrderCreate = t.Object({
  ...salesOrderFields,
  reference: t.Optional(Nullable(t.String({ maxLength: 64, title: "Reference", description: "Order reference; generated from SALESORDER_REFERENCE_PATTERN when empty" }))),
});
export const SalesOrderPut = t.Object(salesOrderFields);
export const SalesOrderPatch = t.Partial(t.Object(salesOrderFields));
export type SalesOrderInput = Static<typeof SalesOrderPatch>;

export const SalesOrderQuery = t.Object({
  ...ListQuery,
  customer: t.Optional(t.Integer()),
  part: t.Optional(t.Integer({ description: "Orders with a line for this part" })),
  assigned_to_me: t.Optional(t.String({ ...BoolQuery, description: "No responsible owners here: true matches nothing" })),
  status: t.Optional(t.Integer()),
  outstanding: Flag,
  overdue: Flag,
  reference: t.Optional(t.String()),
  customer_detail: Flag,
  ...StartDateFilters,
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
  link: t.String(),
  sale_price_currency: t.String(),
  project_code: t.Null(),
  available_stock: t.Number({ description: "In-stock quantity of the part not allocated to sales orders" }),
  available_variant_stock: t.Number(),
  building: t.Number(),
  on_order: t.Number(),
  part_detail: t.Optional(PartBriefSchema),
  order_detail: t.Optional(t.Unknown({ description: "The sales order, as /api/order/so/<pk>/ shows it" })),
  customer_detail: t.Optional(CompanyBrief),
});
export type SalesLineOut = Static<typeof SalesLineSchema>;

const salesLineFields = {
  order: Pk,
  part: Pk,
  quantity: t.Number(),
  sale_price: t.Optional(Nullable(t.Number())),
  reference: t.Optional(Text(100)),
  notes: t.Optional(Text(500)),
  link: t.Optional(LinkField),
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
  order_detail: Flag,
  customer_detail: Flag,
});

// ---- shipments ----
export const ShipmentSchema = t.Object({
  pk: t.Integer(),
  order: t.Integer(),
  order_detail: t.Optional(t.Unknown({ description: "The sales order, as /api/order/so/<pk>/ shows it" })),
  customer_detail: t.Optional(Nullable(CompanyBrief)),
  checked_by_detail: t.Optional(Nullable(UserBriefSchema)),
  link: t.String(),
  shipment_address: t.Null(),
  shipment_address_detail: t.Null(),
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
  link: t.Optional(LinkField),
  checked_by: t.Optional(Nullable(t.Integer({ minimum: 1, title: "Checked By", description: "User who checked this shipment", "x-related": { model: "user", api_url: "/api/user/" } }))),
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
  link: t.Optional(LinkField),
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
  part_detail: t.Optional(PartBriefSchema),
  location_detail: t.Optional(Nullable(LocationBriefSchema)),
  shipment_detail: t.Optional(Nullable(t.Omit(ShipmentSchema, ["order_detail"]))),
  order_detail: t.Optional(t.Unknown({ description: "The sales order, as /api/order/so/<pk>/ shows it" })),
});
export type AllocationOut = Static<typeof AllocationSchema>;

export const AllocationPatch = t.Object({
  quantity: t.Optional(t.Number({ exclusiveMinimum: 0 })),
  shipment: t.Optional(Nullable(Pk)),
});
export const AllocationPut = t.Object({ item: t.Optional(Pk), quantity: t.Number({ exclusiveMinimum: 0 }), shipment: t.Optional(Nullable(Pk)) });
type AllocationInput = Static<typeof AllocationPatch>;

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
  order_detail: Flag,
});

const AllocateItem = t.Object({
  line_item: Pk,
  stock_item: Pk,
  quantity: t.Number({ exclusiveMinimum: 0 }),
});
export type AllocateItemInput = Static<typeof AllocateItem>;
export const AllocateBody = t.Object({
  items: t.Array(AllocateItem, { maxItems: 1000 }),
  shipment: t.Optional(Nullable(Pk)),
});
