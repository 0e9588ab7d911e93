/**
 * DRF's field parsing for the barcode serializers, where TypeBox alone cannot give DRF's messages:
 * CharField (trimmed, blank refused, max length after trimming) and PrimaryKeyRelatedField.
 */
import type { Reads } from "../../db/database.ts";
import { FieldErrorCollector } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { BARCODE_MODELS, type BarcodeModel, barcodeObjectExists } from "./barcode-models.ts";
import { pythonStrip } from "../../core/barcode-hash.ts";

/** InvenTree's BarcodeSerializer.MAX_BARCODE_LENGTH. */
export const MAX_BARCODE_LENGTH = 4095;

/**
 * The scanned text from `barcode` (or the older `barcode_data`), as DRF's CharField reads it:
 * numbers become text, the value is stripped, blank and over-long values are refused.
 */
export function readBarcodeField(body: Record<string, unknown>, errors: FieldErrorCollector): string | null {
  const raw = body.barcode !== undefined ? body.barcode : body.barcode_data;
  if (raw === undefined) {
    errors.add("barcode", "This field is required.");
    return null;
  }
  if (raw === null) {
    errors.add("barcode", "This field may not be null.");
    return null;
  }
  if (typeof raw !== "string" && typeof raw !== "number") {
    errors.add("barcode", "Not a valid string.");
    return null;
  }
  const text = pythonStrip(String(raw));
  if (text === "") {
    errors.add("barcode", "This field may not be blank.");
    return null;
  }
  if (text.length > MAX_BARCODE_LENGTH) {
    errors.add("barcode", `Ensure this field has no more than ${MAX_BARCODE_LENGTH} characters.`);
    return null;
  }
  return text;
}

/**
 * The model fields of a link/unlink body (`{"stockitem": 12}`), as PrimaryKeyRelatedFields with
 * allow_null: wrong types and unknown pks are field errors; null values are kept as null.
 */
export async function readModelFields(db: Reads, body: Record<string, unknown>, errors: FieldErrorCollector): Promise<Map<BarcodeModel, number | null>> {
  const out = new Map<BarcodeModel, number | null>();
  for (const model of BARCODE_MODELS) {
    if (!(model in body)) continue;
    const raw = body[model];
    if (raw === null) {
      out.set(model, null);
      continue;
    }
    const pk = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (typeof raw === "boolean" || typeof raw === "object" || (typeof raw === "string" && Number.isNaN(pk))) {
      errors.add(model, `Incorrect type. Expected pk value, received ${typeof raw === "string" ? "str" : typeof raw === "boolean" ? "bool" : Array.isArray(raw) ? "list" : "dict"}.`);
      continue;
    }
    if (!Number.isInteger(pk) || !(await barcodeObjectExists(db, model, pk))) {
      errors.add(model, invalidPk(raw));
      continue;
    }
    out.set(model, pk);
  }
  return out;
}
