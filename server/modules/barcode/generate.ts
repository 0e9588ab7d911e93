/** POST /api/barcode/generate/ and the image route's text: the native barcode of one object. */
import type { DbOrTx } from "../../db/client.ts";
import { ApiError, fieldError } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { type BarcodeModel, barcodeObjectExists, isBarcodeModel } from "./barcode-models.ts";
import { type ImageFormat, type ImageType, renderBarcode, type RenderedImage } from "./images.ts";
import { linkedBarcodeData } from "./linked.ts";
import { formatNativeBarcode } from "./native.ts";

/** InvenTree's BarcodeGenerate: `{barcode}` for `{model, pk}`; unsupported model → 400 on `model`, missing object → 400 `error`. */
export function generateForRequest(db: DbOrTx, model: string, pk: number): { barcode: string } {
  if (!isBarcodeModel(model)) throw fieldError("model", "Model is not supported");
  if (!barcodeObjectExists(db, model, pk)) throw new ApiError(400, { error: "Model instance not found" });
  return { barcode: formatNativeBarcode(db, model, pk) };
}

/** The image of an object's native barcode (or, with `source=linked`, of its linked third-party barcode). */
export async function objectBarcodeImage(db: DbOrTx, q: { model: BarcodeModel; pk: number; type: ImageType; format: ImageFormat; scale: number; source: "native" | "linked" }): Promise<RenderedImage> {
  if (!barcodeObjectExists(db, q.model, q.pk)) throw fieldError("pk", invalidPk(q.pk));
  let text = formatNativeBarcode(db, q.model, q.pk);
  if (q.source === "linked") {
    text = linkedBarcodeData(db, q.model, q.pk);
    if (!text) throw fieldError("source", `This ${q.model} has no linked barcode.`);
  }
  return renderBarcode(text, q.type, q.format, q.scale);
}
