/**
 * Decoding, checking and thumbnailing uploaded images with Bun's built-in `Bun.Image` (libjpeg-turbo,
 * libspng, libwebp statically linked into Bun): no npm dependency, works inside `bun build
 * --compile`, and decoding runs on Bun's worker thread, not the request thread.
 */
import { fieldError } from "../../core/errors.ts";

/** InvenTree's StdImage variation "thumbnail": fits within 128 × 128, aspect kept, never enlarged. */
const THUMBNAIL_SIZE = 128;
/** Largest side accepted (Sharp's and Bun's per-side limit). */
const MAX_IMAGE_SIDE = 0x3fff;

interface CheckedImage {
  format: "jpeg" | "png" | "webp" | "gif" | "bmp";
  /** The stored file's type and extension (the upload's own bytes are kept). */
  contentType: string;
  ext: string;
  width: number;
  height: number;
  thumbnail: { bytes: Uint8Array; contentType: string; ext: string; width: number; height: number };
}

const TYPES: Record<CheckedImage["format"], { contentType: string; ext: string }> = {
  jpeg: { contentType: "image/jpeg", ext: "jpg" },
  png: { contentType: "image/png", ext: "png" },
  webp: { contentType: "image/webp", ext: "webp" },
  gif: { contentType: "image/gif", ext: "gif" },
  bmp: { contentType: "image/bmp", ext: "bmp" },
};

const errorCode = (e: unknown) => (e && typeof e === "object" && "code" in e ? String((e as { code: unknown }).code) : "");

/**
 * Checks that `bytes` really is an image (decoded, not sniffed by name or header) within the pixel
 * limit, and renders its thumbnail. Any failure is a 400 naming `field`, as Django's ImageField.
 */
export async function checkImage(bytes: Uint8Array, field: string, maxPixels: number): Promise<CheckedImage> {
  const invalid = (why: string) => fieldError(field, `Upload a valid image. ${why}`);
  if (bytes.byteLength === 0) throw fieldError(field, "The submitted file is empty.");
  let meta: { width: number; height: number; format: string };
  try {
    // The header alone: a small file claiming a huge canvas is refused before any pixel is decoded.
    meta = await new Bun.Image(bytes, { maxPixels }).metadata();
  } catch (e) {
    if (errorCode(e) === "ERR_IMAGE_TOO_MANY_PIXELS") throw fieldError(field, `Image is too large: more than ${maxPixels} pixels.`);
    if (errorCode(e) === "ERR_IMAGE_FORMAT_UNSUPPORTED") throw invalid("Images in this format (e.g. HEIC, AVIF, TIFF) are not supported: use JPEG, PNG, WebP, GIF or BMP.");
    throw invalid("The file you uploaded was either not an image or a corrupted image.");
  }
  if (!(meta.format in TYPES)) throw invalid(`Images in ${meta.format} format are not supported: use JPEG, PNG, WebP, GIF or BMP.`);
  if (meta.width > MAX_IMAGE_SIDE || meta.height > MAX_IMAGE_SIDE) throw fieldError(field, `Image is too large: ${meta.width} × ${meta.height}, the largest side allowed is ${MAX_IMAGE_SIDE}.`);
  const format = meta.format as CheckedImage["format"];
  // A thumbnail in the source's format when Bun can write it (JPEG, PNG, WebP), PNG otherwise.
  const thumbFormat = format === "jpeg" || format === "webp" ? format : "png";
  let thumb: Uint8Array;
  let dims: { width: number; height: number };
  try {
    const img = new Bun.Image(bytes, { maxPixels }).resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true });
    thumb = await (thumbFormat === "jpeg" ? img.jpeg({ quality: 85 }) : thumbFormat === "webp" ? img.webp({ quality: 85 }) : img.png()).bytes();
    dims = { width: img.width, height: img.height };
    if (dims.width < 1) dims = await new Bun.Image(thumb).metadata();
  } catch (e) {
    if (errorCode(e) === "ERR_IMAGE_TOO_MANY_PIXELS") throw fieldError(field, `Image is too large: more than ${maxPixels} pixels.`);
    // The header parsed but the pixels did not: truncated or corrupt.
    throw invalid("The file you uploaded was either not an image or a corrupted image.");
  }
  return { format, ...TYPES[format], width: meta.width, height: meta.height, thumbnail: { bytes: thumb, ...TYPES[thumbFormat], ...dims } };
}
