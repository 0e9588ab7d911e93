/**
 * Linking third-party barcodes to objects and unlinking them (InvenTree's BarcodeAssign and
 * BarcodeUnassign). A barcode that already matches anything natively or by hash is refused.
 */
import type { AppContext } from "../../core/context.ts";
import { ApiError, FieldErrorCollector, fieldErrors } from "../../core/errors.ts";
import { type AuthUser, hasRole } from "../../core/auth.ts";
import { BARCODE_MODELS, type BarcodeModel } from "./barcode-models.ts";
import { barcodeHash } from "../../core/barcode-hash.ts";
import { logScan } from "./history.ts";
import { matchPayload } from "./instance-info.ts";
import { BUILTIN_NAME } from "./inventree-plugin.ts";
import { setLinkedBarcode } from "./linked.ts";
import { readBarcodeField, readModelFields } from "./request-fields.ts";
import { scanInternal } from "./scan-service.ts";

/** Python's repr of the list of labels, as InvenTree's message prints it. */
const labelList = `[${BARCODE_MODELS.map((m) => `'${m}'`).join(", ")}]`;
const labelNames = BARCODE_MODELS.join(", ");

const error400 = (body: Record<string, unknown>) => new ApiError(400, body);

/** Changing an object's barcode needs the role that may change that object. */
function assertMayChange(user: AuthUser, model: BarcodeModel): void {
  if (!hasRole(user, "staff")) throw new ApiError(403, { error: `You do not have the required permissions for ${model}` });
}

/** POST /api/barcode/link/: `{barcode, <model>: pk}`. */
export async function linkBarcode(ctx: AppContext, body: Record<string, unknown>, user: AuthUser, endpoint: string) {
  const db = ctx.database;
  const errors = new FieldErrorCollector();
  const barcode = readBarcodeField(body, errors);
  const fields = await readModelFields(db, body, errors);
  if (barcode === null || !errors.empty) {
    await logScan(db, { barcode: barcode ?? "", user: user.id, endpoint, context: body, response: { error: JSON.stringify(errors.errors) }, result: false });
    throw fieldErrors(errors.errors);
  }
  const existing = await scanInternal(ctx, barcode);
  if (existing) {
    throw error400({ [existing.model]: await matchPayload(db, existing.model, existing.pk), error: "Barcode matches existing item", plugin: BUILTIN_NAME, barcode_data: barcode });
  }
  const hash = barcodeHash(barcode);
  for (const model of BARCODE_MODELS) {
    const pk = fields.get(model);
    if (pk === undefined || pk === null) continue;
    assertMayChange(user, model);
    await setLinkedBarcode(db, model, pk, barcode, hash);
    return { success: `Assigned barcode to ${model} instance`, [model]: { pk }, barcode_data: barcode, barcode_hash: hash };
  }
  throw error400({ error: `Missing data: provide one of '${labelList}'` });
}

/** POST /api/barcode/unlink/: `{<model>: pk}`, exactly one model. */
export async function unlinkBarcode(ctx: AppContext, body: Record<string, unknown>, user: AuthUser) {
  const errors = new FieldErrorCollector();
  const fields = await readModelFields(ctx.database, body, errors);
  if (!errors.empty) throw fieldErrors(errors.errors);
  const named = BARCODE_MODELS.filter((m) => m in body);
  if (named.length === 0) throw error400({ error: `Missing data: Provide one of '${labelNames}'` });
  if (named.length > 1) throw error400({ error: `Multiple conflicting fields: '${labelNames}'` });
  const model = named[0];
  const pk = fields.get(model);
  if (pk === undefined || pk === null) throw error400({ error: "Could not unassign barcode" });
  assertMayChange(user, model);
  await setLinkedBarcode(ctx.database, model, pk, "", "");
  return { success: `Barcode unassigned from ${model} instance` };
}
