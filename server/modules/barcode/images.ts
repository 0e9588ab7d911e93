/**
 * Barcode images with bwip-js: QR, DataMatrix and Code 128 for any text; EAN-13 and UPC-A only
 * for data that fits them (digits of the right length and check digit). PNG via toBuffer, SVG
 * via toSVG. An InvenTree-shaped 400 names `type` when the data does not fit.
 */
import bwipjs from "bwip-js/node";
import { fieldError } from "../../core/errors.ts";

export const IMAGE_TYPES = ["qrcode", "datamatrix", "code128", "ean13", "upca"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const IMAGE_FORMATS = ["png", "svg"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Digits a retail symbology accepts: EAN-13 12 (+ check) digits, UPC-A 11 (+ check). */
const RETAIL_DIGITS: Partial<Record<ImageType, RegExp>> = { ean13: /^\d{12,13}$/, upca: /^\d{11,12}$/ };
const RETAIL_NAMES: Partial<Record<ImageType, string>> = { ean13: "EAN-13", upca: "UPC-A" };

export interface RenderedImage {
  body: Blob | string;
  contentType: string;
}

/** Renders `text` as a barcode image; 400 on `type` when the symbology cannot encode it. */
export async function renderBarcode(text: string, type: ImageType, format: ImageFormat, scale: number): Promise<RenderedImage> {
  const digits = RETAIL_DIGITS[type];
  if (digits && !digits.test(text)) {
    throw fieldError("type", `The barcode data cannot be encoded as ${RETAIL_NAMES[type]}: it needs ${type === "ean13" ? "12 or 13" : "11 or 12"} digits.`);
  }
  // Text under the bars for the linear symbologies, as printed labels have it.
  const opts = { bcid: type, text, scale, includetext: type === "code128" || Boolean(digits), paddingwidth: 2, paddingheight: 2 };
  try {
    if (format === "svg") return { body: bwipjs.toSVG(opts), contentType: "image/svg+xml" };
    return { body: new Blob([new Uint8Array(await bwipjs.toBuffer(opts))]), contentType: "image/png" };
  } catch (e) {
    // bwip-js refuses data its symbology cannot hold (bad check digit, too long for a QR code…).
    const message = (e instanceof Error ? e.message : String(e)).replace(/^bwipp\.\w+#\d+:\s*/, "");
    throw fieldError("type", `The barcode data cannot be encoded as ${type}: ${message}`);
  }
}
