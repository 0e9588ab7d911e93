/**
 * From a decoded supplier label (a WASM plugin's `supplier` object) to our rows: the supplier
 * company, the supplier part and the open purchase-order line it should be received against.
 * InvenTree's SupplierBarcodeMixin (get_supplier, get_supplier_parts, get_purchase_orders,
 * receive_purchase_order_item) is the model; here the plugin only decodes, the server matches.
 */
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { SupplierBarcode } from "../../../plugin-sdk/schema/index.ts";
import type { Reads } from "../../db/database.ts";
import { PO_STATUS } from "../../db/schema/order.ts";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { CompanyRow, PurchaseLineRow, PurchaseOrderRow, SupplierPartRow } from "../order/service.ts";
import { companies, purchaseOrderLines, purchaseOrders, supplierParts } from "../../db/tables.ts";

/** "Digi-Key", "DigiKey", "digikey electronics" → comparable keys ("digikey…"). */
const nameKey = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** SQL lower() comparison, as Django's `__iexact` (ASCII case only, as SQLite's lower()). */
const iexact = (column: AnySQLiteColumn, value: string) => sql`lower(${column}) = lower(${value})`;

/**
 * The supplier company a label names, as InvenTree's get_supplier (`name__icontains`, suppliers
 * only, a unique match): names are compared without case and punctuation so "DigiKey" finds
 * "Digi-Key". An exact key wins over containment; anything ambiguous is no match.
 */
export async function findSupplierCompany(db: Reads, name: string | undefined): Promise<CompanyRow | null> {
  const key = name ? nameKey(name) : "";
  if (!key) return null;
  const suppliers = await db.q.select().from(companies).where(eq(companies.is_supplier, true));
  const exact = suppliers.filter((c) => nameKey(c.name) === key);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return null;
  const containing = suppliers.filter((c) => nameKey(c.name).includes(key) || (nameKey(c.name).length >= 3 && key.includes(nameKey(c.name))));
  return containing.length === 1 ? containing[0] : null;
}

export type SupplierPartMatch = { supplierPart: SupplierPartRow } | { error: "none" | "multiple" };

/** Does the row carry what the label printed (SKU, else MPN), and come from that supplier? */
function agreesWithLabel(sp: SupplierPartRow, label: SupplierBarcode, supplier: CompanyRow | null): boolean {
  if (supplier && sp.supplier !== supplier.id) return false;
  if (label.sku) return sp.SKU.toLowerCase() === label.sku.toLowerCase();
  if (label.mpn) return sp.MPN.toLowerCase() === label.mpn.toLowerCase();
  return false;
}

/**
 * The supplier part of a label. A pk the plugin resolved is used only when that row really has the
 * label's SKU (or MPN) and supplier; otherwise the SKU is looked up (within the supplier when it is
 * known, narrowed by MPN when several match), then the MPN. Several candidates → `multiple`.
 */
export async function matchSupplierPart(db: Reads, label: SupplierBarcode, supplier: CompanyRow | null): Promise<SupplierPartMatch> {
  if (label.supplier_part !== undefined) {
    const [sp] = await db.q.select().from(supplierParts).where(eq(supplierParts.id, label.supplier_part)).limit(1);
    if (sp && agreesWithLabel(sp, label, supplier)) return { supplierPart: sp };
  }
  const bySupplier = supplier ? eq(supplierParts.supplier, supplier.id) : undefined;
  if (label.sku) {
    let rows = await db.q.select().from(supplierParts).where(and(iexact(supplierParts.SKU, label.sku), bySupplier)).orderBy(asc(supplierParts.id));
    if (rows.length > 1 && label.mpn) {
      const mpn = label.mpn.toLowerCase();
      const narrowed = rows.filter((r) => r.MPN.toLowerCase() === mpn);
      if (narrowed.length > 0) rows = narrowed;
    }
    if (rows.length === 1) return { supplierPart: rows[0] };
    if (rows.length > 1) return { error: "multiple" };
  }
  if (label.mpn) {
    const rows = await db.q.select().from(supplierParts).where(and(iexact(supplierParts.MPN, label.mpn), bySupplier)).orderBy(asc(supplierParts.id));
    if (rows.length === 1) return { supplierPart: rows[0] };
    if (rows.length > 1) return { error: "multiple" };
  }
  return { error: "none" };
}

/** Lines of the order for the supplier part that still expect goods (quantity > received). */
export async function pendingLines(db: Reads, orderId: number, supplierPartId: number): Promise<PurchaseLineRow[]> {
  return db.q
    .select()
    .from(purchaseOrderLines)
    .where(and(eq(purchaseOrderLines.order, orderId), eq(purchaseOrderLines.part, supplierPartId), gt(purchaseOrderLines.quantity, purchaseOrderLines.received)))
    .orderBy(asc(purchaseOrderLines.id));
}

/**
 * One pending line, as InvenTree picks it: the only one; else (with a label quantity) the first
 * ordering exactly that quantity, then the first ordering more, then the first.
 */
export function choosePendingLine(lines: PurchaseLineRow[], quantity: number | null): PurchaseLineRow | null {
  if (lines.length <= 1 || !quantity) return lines[0] ?? null;
  return lines.find((l) => l.quantity === quantity) ?? lines.find((l) => l.quantity > quantity) ?? lines[0];
}

export type OrderMatch = { order: PurchaseOrderRow } | { error: "none" | "multiple" | "received" };

/** The order numbers a label prints: the customer's (`purchase_order`, ECIA K) and the supplier's (`supplier_order`, ECIA 1K). */
export function printedOrderNumbers(label: SupplierBarcode): { customer: string | undefined; supplier: string | undefined } {
  const supplierOrder = (label as Record<string, unknown>).supplier_order;
  return { customer: label.purchase_order || undefined, supplier: typeof supplierOrder === "string" && supplierOrder ? supplierOrder : undefined };
}

/**
 * The PLACED order a label belongs to. As InvenTree's get_purchase_orders: the supplier's placed
 * orders whose reference matches the customer's number or whose supplier_reference matches the
 * supplier's (case-insensitive; the customer's number is also tried as a supplier reference, since
 * plugins print what the label calls "PO"); a unique hit wins, else those matching both. When the
 * numbers match nothing (or none is printed, as on many labels), the only placed order with a
 * pending line for the supplier part is taken; when the part is on placed orders but fully
 * received there, `received`.
 */
export async function matchPurchaseOrder(db: Reads, label: SupplierBarcode, supplierPart: SupplierPartRow): Promise<OrderMatch> {
  const placed = and(eq(purchaseOrders.status, PO_STATUS.PLACED), eq(purchaseOrders.supplier, supplierPart.supplier));
  const { customer, supplier } = printedOrderNumbers(label);
  const byCustomer = customer ? or(iexact(purchaseOrders.reference, customer), iexact(purchaseOrders.supplier_reference, customer)) : undefined;
  const bySupplier = supplier ? iexact(purchaseOrders.supplier_reference, supplier) : undefined;
  if (byCustomer || bySupplier) {
    const union = await db.q.select().from(purchaseOrders).where(and(placed, or(byCustomer, bySupplier)));
    if (union.length === 1) return { order: union[0] };
    if (union.length > 1) {
      const both = byCustomer && bySupplier ? await db.q.select().from(purchaseOrders).where(and(placed, byCustomer, bySupplier)) : [];
      return both.length === 1 ? { order: both[0] } : { error: "multiple" };
    }
  }
  const lines = await db.q
    .select({ order: purchaseOrders, pending: sql<number>`${purchaseOrderLines.quantity} > ${purchaseOrderLines.received}` })
    .from(purchaseOrderLines)
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.order))
    .where(and(placed, eq(purchaseOrderLines.part, supplierPart.id)));
  const pending = new Map(lines.filter((l) => l.pending).map((l) => [l.order.id, l.order]));
  if (pending.size === 1) return { order: [...pending.values()][0] };
  if (pending.size > 1) return { error: "multiple" };
  return { error: lines.length ? "received" : "none" };
}

/**
 * The line a plugin resolved, when it really is a pending line of this supplier part on a placed
 * order (and on `orderId`, when the request named one); otherwise null and the server looks itself.
 */
export async function checkedPluginLine(db: Reads, lineId: number | undefined, supplierPart: SupplierPartRow, orderId: number | null): Promise<{ line: PurchaseLineRow; order: PurchaseOrderRow } | null> {
  if (lineId === undefined) return null;
  const [line] = await db.q.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.id, lineId)).limit(1);
  if (!line || line.part !== supplierPart.id || line.received >= line.quantity) return null;
  if (orderId !== null && line.order !== orderId) return null;
  const [order] = await db.q.select().from(purchaseOrders).where(eq(purchaseOrders.id, line.order)).limit(1);
  if (!order || order.status !== PO_STATUS.PLACED) return null;
  return { line, order };
}
