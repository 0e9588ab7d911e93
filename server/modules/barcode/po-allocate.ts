/**
 * POST /api/barcode/po-allocate/ as InvenTree's BarcodePOAllocate (API ≥ 153, the app's "add line
 * by scan"): the scanned part, manufacturer part, supplier part or supplier label is narrowed to the
 * one supplier part of the order's supplier, which the client then adds as a line.
 */
import { and, eq, type SQL } from "drizzle-orm";
import type { AppContext } from "../../core/context.ts";
import type { Reads } from "../../db/database.ts";
import { FieldErrorCollector } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import type { PurchaseOrderRow } from "../order/service.ts";
import { PO_OPEN } from "../order/service.ts";
import type { AuthUser } from "../../core/auth.ts";
import { matchPayload } from "./instance-info.ts";
import type { PoAllocateInput } from "./order-model.ts";
import { readBarcodeField } from "./request-fields.ts";
import { type ScanOutcome, scanBarcode } from "./scan-service.ts";
import { type ScanBody, scanError } from "./scan-errors.ts";
import { findSupplierCompany, matchSupplierPart } from "./supplier-match.ts";
import { purchaseOrders, supplierParts } from "../../db/tables.ts";

/** InvenTree's messages, verbatim. */
const PO_ALLOCATE_MESSAGES = {
  noPlugin: "No matching plugin found for barcode data",
  noPartData: "No matching part data found",
  none: "No matching supplier parts found",
  multiple: "Multiple matching supplier parts found",
  matched: "Matched supplier part",
} as const;

async function validateRefs(db: Reads, input: PoAllocateInput): Promise<{ barcode: string; order: PurchaseOrderRow }> {
  const errors = new FieldErrorCollector();
  const barcode = readBarcodeField({ barcode: input.barcode }, errors);
  const order = input.purchase_order == null ? undefined : (await db.q.select().from(purchaseOrders).where(eq(purchaseOrders.id, input.purchase_order)).limit(1))[0];
  if (input.purchase_order == null) errors.add("purchase_order", "This field is required.");
  else if (!order) errors.add("purchase_order", invalidPk(input.purchase_order));
  else if (!PO_OPEN.includes(order.status)) errors.add("purchase_order", "Purchase order is not open");
  errors.throwIfAny();
  return { barcode: barcode ?? "", order: order as PurchaseOrderRow };
}

/** What the scan says about the part: a part, manufacturer part or supplier part pk (a supplier label gives its supplier part). */
async function scannedRefs(db: Reads, scan: ScanOutcome): Promise<{ part?: number; manufacturerpart?: number; supplierpart?: number } | null> {
  const m = scan.match;
  if (m?.model === "part") return { part: m.pk };
  if (m?.model === "manufacturerpart") return { manufacturerpart: m.pk };
  if (m?.model === "supplierpart") return { supplierpart: m.pk };
  if (scan.supplier) {
    const found = await matchSupplierPart(db, scan.supplier, await findSupplierCompany(db, scan.supplier.supplier));
    if ("supplierPart" in found) return { supplierpart: found.supplierPart.id };
    // A label naming a part we know only by MPN or SKU at another supplier: let the order's supplier decide.
    return null;
  }
  return null;
}

/** Handles one po-allocate request: the 200 body with `success` and `supplierpart`, or a 400 with `error`. */
export async function allocatePurchaseByBarcode(ctx: AppContext, input: PoAllocateInput, user: AuthUser, requestId?: string): Promise<ScanBody> {
  const db = ctx.database;
  const { barcode, order } = await validateRefs(db, input);
  const scan = await scanBarcode(ctx, barcode, user, requestId);
  const body: ScanBody = {};
  if (scan.match) body[scan.match.model] = await matchPayload(db, scan.match.model, scan.match.pk);
  if (scan.error) body.error = scan.error;
  Object.assign(body, { plugin: scan.plugin, barcode_data: scan.barcode_data, barcode_hash: scan.barcode_hash });
  if (scan.plugin === null) throw scanError(body, PO_ALLOCATE_MESSAGES.noPlugin);
  const refs = await scannedRefs(db, scan);
  if (!refs) throw scanError(body, scan.supplier ? PO_ALLOCATE_MESSAGES.none : PO_ALLOCATE_MESSAGES.noPartData);
  const conds: SQL[] = [eq(supplierParts.supplier, order.supplier)];
  if (refs.part !== undefined) conds.push(eq(supplierParts.part, refs.part));
  if (refs.supplierpart !== undefined) conds.push(eq(supplierParts.id, refs.supplierpart));
  if (refs.manufacturerpart !== undefined) conds.push(eq(supplierParts.manufacturer_part, refs.manufacturerpart));
  const candidates = await db.q.select({ id: supplierParts.id }).from(supplierParts).where(and(...conds)).limit(2);
  if (candidates.length === 0) throw scanError(body, PO_ALLOCATE_MESSAGES.none);
  if (candidates.length > 1) throw scanError(body, PO_ALLOCATE_MESSAGES.multiple);
  delete body.error;
  body.success = PO_ALLOCATE_MESSAGES.matched;
  body.supplierpart = await matchPayload(db, "supplierpart", candidates[0].id);
  return body;
}
