/**
 * Barcodes for the renderers, drawn by bwip-js: PNG for PDF and Markdown, SVG for HTML. Data a
 * symbology cannot hold (a bad EAN check digit, letters in a UPC, too much for a QR code) is a 400
 * naming the block, so a report author sees which barcode is wrong.
 */
import bwipjs from "bwip-js/node";
import { badRequest } from "../../../core/errors.ts";

const SYMBOLOGIES = ["qrcode", "datamatrix", "code128", "ean13", "upca"] as const;
/** The document model types symbologies as string (its TypeBox union is built by map); checked here. */
export type Symbology = string;

/** Retail symbologies only take digits: EAN-13 12 (+ check) digits, UPC-A 11 (+ check). */
const RETAIL_DIGITS: Record<string, RegExp> = { ean13: /^\d{12,13}$/, upca: /^\d{11,12}$/ };

/** Whether the symbology is two-dimensional (square-ish) rather than a row of bars. */
export function isMatrix(symbology: Symbology): boolean {
  return symbology === "qrcode" || symbology === "datamatrix";
}

/** PNG pixels per module: a linear code's natural print size is its pixel size / LINEAR_SCALE in points. */
export const LINEAR_SCALE = 3;

function options(symbology: Symbology, data: string, scale: number) {
  // Human-readable digits under the linear symbologies, as printed labels have them; bars 10 mm high.
  const linear = isMatrix(symbology) ? {} : { includetext: true, textxalign: "center" as const, height: 10 };
  return { bcid: symbology, text: data, scale, paddingwidth: 0, paddingheight: 0, ...linear };
}

function invalid(where: string, symbology: Symbology, e: unknown): Error {
  // bwip-js prefixes its messages with the PostScript routine that raised them; the rest is readable.
  const message = (e instanceof Error ? e.message : String(e)).replace(/^bwipp\.\w+#\d+:\s*/, "");
  return badRequest(`${where}: the data cannot be encoded as ${symbology}: ${message}`);
}

function checkRetail(where: string, symbology: Symbology, data: string): void {
  if (!(SYMBOLOGIES as readonly string[]).includes(symbology)) throw badRequest(`${where}: unknown barcode symbology "${symbology}".`);
  const digits = RETAIL_DIGITS[symbology];
  if (digits && !digits.test(data)) {
    throw badRequest(`${where}: the data cannot be encoded as ${symbology}: it needs ${symbology === "ean13" ? "12 or 13" : "11 or 12"} digits.`);
  }
}

/**
 * A barcode as PNG bytes. `where` names the block in the error (e.g. `block 3 (barcode)`).
 * Results are memoised in `cache` (key: symbology + data) so a label sheet of repeated codes
 * draws each once.
 */
export async function barcodePng(where: string, symbology: Symbology, data: string, cache?: Map<string, Uint8Array>): Promise<Uint8Array> {
  const key = `${symbology}\u0000${data}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  checkRetail(where, symbology, data);
  let png: Uint8Array;
  try {
    png = new Uint8Array(await bwipjs.toBuffer(options(symbology, data, isMatrix(symbology) ? 4 : LINEAR_SCALE)));
  } catch (e) {
    throw invalid(where, symbology, e);
  }
  cache?.set(key, png);
  return png;
}

/** A barcode as an SVG document string (bwip-js output: paths only, no user text as markup). */
export function barcodeSvg(where: string, symbology: Symbology, data: string): string {
  checkRetail(where, symbology, data);
  try {
    return bwipjs.toSVG(options(symbology, data, 2));
  } catch (e) {
    throw invalid(where, symbology, e);
  }
}

/** Pixel size of a PNG (from its IHDR chunk), for aspect-correct placement. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
