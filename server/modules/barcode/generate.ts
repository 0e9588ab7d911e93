/** POST /api/barcode/generate/ and the image route's text: the native barcode of one object. */
import type { Reads } from "../../db/database.ts";
import { ApiError, fieldError } from "../../core/errors.ts";
import { invalidPk } from "../../core/errors.ts";
import { type BarcodeModel, barcodeObjectExists, isBarcodeModel } from "./barcode-models.ts";
import { type ImageFormat, type ImageType, renderBarcode, type RenderedImage } from "./images.ts";
import { linkedBarcodeData } from "./linked.ts";
import { formatNativeBarcode } from "./native.ts";

/** InvenTree's BarcodeGenerate: `{barcode}` for `{model, pk}`; unsupported model → 400 on `model`, missing object → 400 `error`. */
export async function generateForRequest(db: Reads, model: string, pk: number): Promise<{ barcode: string }> {
  if (!isBarcodeModel(model)) throw fieldError("model", "Model is not supported");
  if (!(await barcodeObjectExists(db, model, pk))) throw new ApiError(400, { error: "Model instance not found" });
  return { barcode: await formatNativeBarcode(db, model, pk) };
}

/** The image of an object's native barcode (or, with `source=linked`, of its linked third-party barcode). */
export async function objectBarcodeImage(db: Reads, q: { model: BarcodeModel; pk: number; type: ImageType; format: ImageFormat; scale: number; source: "native" | "linked" }): Promise<RenderedImage> {
  if (!(await barcodeObjectExists(db, q.model, q.pk))) throw fieldError("pk", invalidPk(q.pk));
  let text = await formatNativeBarcode(db, q.model, q.pk);
  if (q.source === "linked") {
    text = await linkedBarcodeData(db, q.model, q.pk);
    if (!text) throw fieldError("source", `This ${q.model} has no linked barcode.`);
  }
  return renderBarcode(text, q.type, q.format, q.scale);
}
