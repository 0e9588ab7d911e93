/**
 * POST /api/barcode/ (InvenTree's BarcodeScan): the response body for a scan outcome, the
 * supplier-label case resolved to a supplier part, and the scan history entry.
 */
import type { AppContext } from "../../core/context.ts";
import { ApiError, FieldErrorCollector, fieldErrors } from "../../core/errors.ts";
import { type AuthUser, hasRole } from "../../core/auth.ts";
import { logScan } from "./history.ts";
import type { BarcodeModel } from "./barcode-models.ts";
import { type MatchPayload, matchPayload } from "./instance-info.ts";
import { readBarcodeField } from "./request-fields.ts";
import { type ScanOutcome, scanBarcode } from "./scan-service.ts";
import { findSupplierCompany, matchSupplierPart } from "./supplier-match.ts";

/** InvenTree's scan body: the matched model's payload under its label, and the scan's facts. */
export type ScanResponse = Partial<Record<BarcodeModel, MatchPayload>> & {
  plugin: string | null;
  barcode_data: string;
  barcode_hash: string;
  success?: string;
  error?: string;
  /** To superusers only: the barcode plugins that failed during the scan (slug, failure, detail). */
  plugin_errors?: { plugin: string; failure: string; error: string }[];
};

/**
 * InvenTree's scan response: the matched model's payload (or a plugin's `error`), then `plugin`,
 * `barcode_data` and `barcode_hash`. A decoded supplier label answers as its supplier part
 * (InvenTree's SupplierBarcodeMixin.scan); several candidates are that plugin's error.
 */
async function scanResponse(ctx: AppContext, outcome: ScanOutcome): Promise<{ body: ScanResponse; decided: boolean }> {
  const db = ctx.database;
  const tail = { barcode_data: outcome.barcode_data, barcode_hash: outcome.barcode_hash };
  if (outcome.match) {
    return { body: { [outcome.match.model]: await matchPayload(db, outcome.match.model, outcome.match.pk), plugin: outcome.plugin, ...tail }, decided: true };
  }
  if (outcome.error !== null) return { body: { error: outcome.error, plugin: outcome.plugin, ...tail }, decided: true };
  if (outcome.supplier) {
    const found = await matchSupplierPart(db, outcome.supplier, await findSupplierCompany(db, outcome.supplier.supplier));
    if ("supplierPart" in found) {
      return { body: { supplierpart: await matchPayload(db, "supplierpart", found.supplierPart.id), plugin: outcome.plugin, ...tail }, decided: true };
    }
    if (found.error === "multiple") return { body: { error: "Found multiple matching supplier parts for barcode", plugin: outcome.plugin, ...tail }, decided: true };
  }
  return { body: { plugin: null, ...tail }, decided: false };
}

/** The whole endpoint: validate, scan, answer 200 with `success` or 400 with `error`, log either way. */
export async function handleScan(ctx: AppContext, body: Record<string, unknown>, user: AuthUser, endpoint: string, requestId?: string): Promise<ScanResponse> {
  const errors = new FieldErrorCollector();
  const barcode = readBarcodeField(body, errors);
  if (barcode === null) {
    await logScan(ctx.database, { barcode: "", user: user.id, endpoint, context: body, response: { error: JSON.stringify(errors.errors) }, result: false });
    throw fieldErrors(errors.errors);
  }
  const outcome = await scanBarcode(ctx, barcode, user, requestId);
  const { body: response, decided } = await scanResponse(ctx, outcome);
  if (!decided) {
    const failed: ScanResponse = { ...response, error: "No match found for barcode data" };
    // A superuser (who can fix plugins) learns which plugin failed instead of a bare "No match".
    const first = outcome.failures[0];
    if (first && hasRole(user, "superuser")) {
      failed.plugin = first.slug;
      failed.error = `No match found for barcode data: plugin ${first.slug} failed (${first.failure}): ${first.detail}`;
      failed.plugin_errors = outcome.failures.map((f) => ({ plugin: f.slug, failure: f.failure, error: f.detail }));
    }
    await logScan(ctx.database, { barcode, user: user.id, endpoint, context: body, response: failed, result: false });
    throw new ApiError(400, failed);
  }
  // As InvenTree: any deciding plugin makes this a 200 with `success`, even when it reported an error.
  const ok = { ...response, success: "Match found for barcode data" };
  await logScan(ctx.database, { barcode, user: user.id, endpoint, context: body, response: ok, result: true });
  return ok;
}
