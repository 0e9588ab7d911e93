import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { barcodeColumns, createdAt } from "./common.ts";
import { companies, supplierParts } from "./company.ts";
import { parts } from "./part.ts";
import { stockItems, stockLocations } from "./stock.ts";
import { users } from "./user.ts";

/** InvenTree's PurchaseOrderStatus codes. */
export const PO_STATUS = { PENDING: 10, PLACED: 20, ON_HOLD: 25, COMPLETE: 30, CANCELLED: 40, LOST: 50, RETURNED: 60 } as const;
/** InvenTree's SalesOrderStatus codes. */
export const SO_STATUS = { PENDING: 10, IN_PROGRESS: 15, SHIPPED: 20, ON_HOLD: 25, COMPLETE: 30, CANCELLED: 40, LOST: 50, RETURNED: 60 } as const;
/**
 * PurchaseOrderStatusGroups.OPEN: the order may still change. Here beside the codes because the
 * maintained count of open orders (migrations 0010 / PostgreSQL 0011, db/maintained-counts.ts) spells
 * the same list in SQL; order/status.ts exports it as PO_OPEN.
 */
export const PO_OPEN_STATUSES: readonly number[] = [PO_STATUS.PENDING, PO_STATUS.PLACED, PO_STATUS.ON_HOLD];
/** SalesOrderStatusGroups.OPEN (order/status.ts: SO_OPEN). */
export const SO_OPEN_STATUSES: readonly number[] = [SO_STATUS.PENDING, SO_STATUS.ON_HOLD, SO_STATUS.IN_PROGRESS];

export const purchaseOrders = sqliteTable(
  "purchase_order",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reference: text("reference").notNull().unique(),
    supplier: integer("supplier_id").notNull().references(() => companies.id, { onDelete: "restrict" }),
    supplier_reference: text("supplier_reference").notNull().default(""),
    description: text("description").notNull().default(""),
    status: integer("status").notNull().default(PO_STATUS.PENDING),
    destination: integer("destination_id").references(() => stockLocations.id, { onDelete: "set null" }),
    creation_date: createdAt("creation_date"),
    issue_date: text("issue_date"),
    /** Scheduled start (YYYY-MM-DD), InvenTree API 306; never after target_date. */
    start_date: text("start_date"),
    target_date: text("target_date"),
    complete_date: text("complete_date"),
    created_by: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    notes: text("notes").notNull().default(""),
    link: text("link").notNull().default(""),
    ...barcodeColumns(),
  },
  // By reference, the lists' default order (-reference): on SQLite the unique index serves it too; on
  // PostgreSQL the unique constraint's index is in PostgreSQL's NULL order, which an ORDER BY in
  // SQLite's (dialect.ts) cannot use, so every page sorted every order; this one is built in SQLite's.
  (t) => [index("purchase_order_supplier_idx").on(t.supplier), index("purchase_order_barcode_hash_idx").on(t.barcode_hash), index("purchase_order_reference_idx").on(t.reference)],
);

export const purchaseOrderLines = sqliteTable(
  "purchase_order_line",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    order: integer("order_id").notNull().references(() => purchaseOrders.id, { onDelete: "cascade" }),
    /** The supplier part ordered, as in InvenTree. */
    part: integer("supplier_part_id").notNull().references(() => supplierParts.id, { onDelete: "restrict" }),
    quantity: real("quantity").notNull(),
    received: real("received").notNull().default(0),
    purchase_price: real("purchase_price"),
    destination: integer("destination_id").references(() => stockLocations.id, { onDelete: "set null" }),
    reference: text("reference").notNull().default(""),
    notes: text("notes").notNull().default(""),
    link: text("link").notNull().default(""),
    target_date: text("target_date"),
  },
  (t) => [index("purchase_order_line_order_idx").on(t.order), index("purchase_order_line_part_idx").on(t.part)],
);

export const salesOrders = sqliteTable(
  "sales_order",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reference: text("reference").notNull().unique(),
    customer: integer("customer_id").notNull().references(() => companies.id, { onDelete: "restrict" }),
    customer_reference: text("customer_reference").notNull().default(""),
    description: text("description").notNull().default(""),
    status: integer("status").notNull().default(SO_STATUS.PENDING),
    creation_date: createdAt("creation_date"),
    /** Scheduled start (YYYY-MM-DD), InvenTree API 306; never after target_date. */
    start_date: text("start_date"),
    target_date: text("target_date"),
    shipment_date: text("shipment_date"),
    created_by: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    notes: text("notes").notNull().default(""),
    link: text("link").notNull().default(""),
    ...barcodeColumns(),
  },
  // By reference: as purchase_order_reference_idx.
  (t) => [index("sales_order_customer_idx").on(t.customer), index("sales_order_barcode_hash_idx").on(t.barcode_hash), index("sales_order_reference_idx").on(t.reference)],
);

export const salesOrderLines = sqliteTable(
  "sales_order_line",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    order: integer("order_id").notNull().references(() => salesOrders.id, { onDelete: "cascade" }),
    part: integer("part_id").notNull().references(() => parts.id, { onDelete: "restrict" }),
    quantity: real("quantity").notNull(),
    shipped: real("shipped").notNull().default(0),
    sale_price: real("sale_price"),
    reference: text("reference").notNull().default(""),
    notes: text("notes").notNull().default(""),
    link: text("link").notNull().default(""),
    target_date: text("target_date"),
  },
  (t) => [index("sales_order_line_order_idx").on(t.order), index("sales_order_line_part_idx").on(t.part)],
);

export const salesOrderShipments = sqliteTable(
  "sales_order_shipment",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    order: integer("order_id").notNull().references(() => salesOrders.id, { onDelete: "cascade" }),
    reference: text("reference").notNull().default("1"),
    shipment_date: text("shipment_date"),
    delivery_date: text("delivery_date"),
    tracking_number: text("tracking_number").notNull().default(""),
    invoice_number: text("invoice_number").notNull().default(""),
    notes: text("notes").notNull().default(""),
    link: text("link").notNull().default(""),
    checked_by: integer("checked_by_id").references(() => users.id, { onDelete: "set null" }),
    ...barcodeColumns(),
  },
  (t) => [index("sales_order_shipment_order_idx").on(t.order)],
);

export const salesOrderAllocations = sqliteTable(
  "sales_order_allocation",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    line: integer("line_id").notNull().references(() => salesOrderLines.id, { onDelete: "cascade" }),
    shipment: integer("shipment_id").references(() => salesOrderShipments.id, { onDelete: "set null" }),
    item: integer("item_id").notNull().references(() => stockItems.id, { onDelete: "cascade" }),
    quantity: real("quantity").notNull(),
  },
  (t) => [index("sales_order_allocation_line_idx").on(t.line), index("sales_order_allocation_item_idx").on(t.item)],
);

/** Columns of InvenTree's order extra lines (freight, fees…): no part, a price per unit. */
const extraLineColumns = () => ({
  id: integer("id").primaryKey({ autoIncrement: true }),
  reference: text("reference").notNull().default(""),
  description: text("description").notNull().default(""),
  quantity: real("quantity").notNull().default(1),
  price: real("price"),
  price_currency: text("price_currency").notNull().default(""),
  notes: text("notes").notNull().default(""),
  link: text("link").notNull().default(""),
});

export const purchaseOrderExtraLines = sqliteTable(
  "purchase_order_extra_line",
  { ...extraLineColumns(), order: integer("order_id").notNull().references(() => purchaseOrders.id, { onDelete: "cascade" }) },
  (t) => [index("purchase_order_extra_line_order_idx").on(t.order)],
);

export const salesOrderExtraLines = sqliteTable(
  "sales_order_extra_line",
  { ...extraLineColumns(), order: integer("order_id").notNull().references(() => salesOrders.id, { onDelete: "cascade" }) },
  (t) => [index("sales_order_extra_line_order_idx").on(t.order)],
);
