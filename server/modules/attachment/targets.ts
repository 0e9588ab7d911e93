/**
 * The models an attachment may belong to (InvenTree's InvenTreeAttachmentMixin models that
 * Binventory has), by InvenTree's model type name, with the table holding their pks.
 * Build orders and return orders are out of scope; manufacturer parts join when that table exists.
 */
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { companies, ofBoundTables, parts, purchaseOrders, salesOrderShipments, salesOrders, stockItems, supplierParts } from "../../db/tables.ts";

export const ATTACHMENT_MODEL_TYPES = ["part", "stockitem", "company", "supplierpart", "purchaseorder", "salesorder", "salesordershipment"] as const;
export type AttachmentModelType = (typeof ATTACHMENT_MODEL_TYPES)[number];

/** InvenTree's verbose names, for OPTIONS' choices. */
export const MODEL_LABELS: Record<AttachmentModelType, string> = {
  part: "Part",
  stockitem: "Stock Item",
  company: "Company",
  supplierpart: "Supplier Part",
  purchaseorder: "Purchase Order",
  salesorder: "Sales Order",
  salesordershipment: "Sales Order Shipment",
};

/** The table of each model, from the tables bound now. */
export const attachmentTargets = ofBoundTables((): Record<AttachmentModelType, { table: SQLiteTable; id: SQLiteColumn }> => ({
  part: { table: parts, id: parts.id },
  stockitem: { table: stockItems, id: stockItems.id },
  company: { table: companies, id: companies.id },
  supplierpart: { table: supplierParts, id: supplierParts.id },
  purchaseorder: { table: purchaseOrders, id: purchaseOrders.id },
  salesorder: { table: salesOrders, id: salesOrders.id },
  salesordershipment: { table: salesOrderShipments, id: salesOrderShipments.id },
}));
